import {errorMessage} from '../model/error-message.js';
import {defaultConcurrency} from '../scan/fd-limit.js';
import {scanResults} from '../scan/scan-report.js';
import {type ConnectFn, ScanError, type ScanProgress, type ScanReport} from '../scan/scan-types.js';
import {runScan, type ScanOptions} from '../scan/scanner.js';
import {type LookupFn, resolveTarget} from '../scan/target.js';
import {tcpConnect} from '../scan/tcp-connect.js';
import {defaultThreadCount} from '../scan/threaded-connect.js';
import {runThreadedScan, ThreadStartError} from '../scan/threaded-scan.js';
import {readEtcServices} from '../services/read-etc-services.js';
import {createServiceLookup, type ServiceLookup} from '../services/service-lookup.js';
import {parseScanArgs, SCAN_HELP} from './scan-args.js';
import {createLineSink} from './scan-line-sink.js';
import {jsonLine, openPortTable, progressLine, summaryLine} from './scan-output.js';

export interface ScanCommandIO {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	/** Aborted on Ctrl-C: the scan stops, partial results are printed, exit 130. */
	readonly signal?: AbortSignal;
}

/** Real dependencies, replaceable in tests. */
export interface ScanCommandDeps {
	readonly connect?: ConnectFn;
	readonly lookup?: LookupFn;
	/** null: use the built-in table only. Default: read /etc/services. */
	readonly etcServicesText?: string | null;
	/** Used when --concurrency is not given. Default: from the open-file limit. */
	readonly concurrency?: number;
	/** Scan threads for large scans with the real connect (0 or 1: this thread). */
	readonly threads?: number;
}

/** Below this many probes a scan is over before worker threads would have started. */
const THREADS_FROM_PROBES = 4096;
const CLEAR_LINE = '\r\x1b[2K';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/** Big scans with the real connect run on worker threads; the rest (and fakes) on this one. */
async function scan(options: Omit<ScanOptions, 'connect'>, deps: ScanCommandDeps): Promise<ScanReport> {
	const threads = deps.threads ?? defaultThreadCount();
	const probes = options.hosts.length * options.ports.length;
	if (deps.connect || threads <= 1 || probes < THREADS_FROM_PROBES) {
		return runScan({...options, connect: deps.connect ?? tcpConnect});
	}
	try {
		return await runThreadedScan({...options, threads});
	} catch (error) {
		// Threads are only a speed-up: when they cannot start, scan on this thread.
		if (error instanceof ThreadStartError) return runScan({...options, connect: tcpConnect});
		throw error;
	}
}

async function printResults(
	io: ScanCommandIO,
	report: ScanReport,
	json: boolean,
	services: ServiceLookup,
	summary: string,
): Promise<void> {
	const out = createLineSink(io.stdout);
	if (json) {
		for (const result of scanResults(report)) {
			await out.line(jsonLine(result, services));
			if (out.closed) return;
		}
	} else {
		const open = [...scanResults(report, {openOnly: true})];
		for (const line of openPortTable(open, services, report.hosts.length > 1)) await out.line(line);
		await out.line(summary);
	}
	await out.flush();
}

/**
 * `socktop scan TARGET [--ports SPEC] [--timeout MS] [--concurrency N] [--json]`.
 * `argv` is the words after `scan`. Returns the exit status; never throws.
 */
export async function runScanCommand(
	argv: string[],
	io: ScanCommandIO,
	deps: ScanCommandDeps = {},
): Promise<number> {
	const fail = (message: string, code: number) => {
		io.stderr.write(`socktop: ${message}\n`);
		return code;
	};
	const parsed = parseScanArgs(argv);
	if (parsed.kind === 'help') {
		io.stdout.write(SCAN_HELP);
		return EXIT_OK;
	}
	if (parsed.kind === 'error') return fail(parsed.message, EXIT_USAGE);
	const {args} = parsed;
	const {signal} = io;
	if (signal?.aborted) return fail('scan cancelled', EXIT_CANCELLED);

	const resolved = await resolveTarget(args.target, {signal, ...(deps.lookup ? {lookup: deps.lookup} : {})});
	if (signal?.aborted) return fail('scan cancelled', EXIT_CANCELLED);
	if (!resolved.ok) return fail(resolved.error, EXIT_USAGE);
	const target = resolved.target;

	const etcServicesText = deps.etcServicesText === undefined ? await readEtcServices() : deps.etcServicesText;
	const services = createServiceLookup(etcServicesText === null ? {} : {etcServicesText});
	const concurrency = args.concurrency ?? deps.concurrency ?? (await defaultConcurrency());

	const tty = io.stderr.isTTY === true;
	let progressShown = false;
	const showProgress = (text: string) => {
		const width = Math.max(20, (io.stderr.columns || 80) - 1); // 0 when the size is unknown
		io.stderr.write(`${CLEAR_LINE}${text.length > width ? text.slice(0, width) : text}`);
		progressShown = true;
	};
	const clearProgress = () => {
		if (progressShown) io.stderr.write(CLEAR_LINE);
		progressShown = false;
	};

	let report: ScanReport;
	try {
		report = await scan(
			{
				hosts: target.hosts,
				ports: args.ports,
				concurrency,
				...(args.timeoutMs === null ? {} : {timeoutMs: args.timeoutMs}),
				...(signal ? {signal} : {}),
				...(tty
					? {onProgress: (progress: ScanProgress) => showProgress(progressLine(progress, target))}
					: {}),
			},
			deps,
		);
	} catch (error) {
		clearProgress();
		const message = error instanceof ScanError ? error.message : `scan failed: ${errorMessage(error)}`;
		return fail(message, EXIT_FAILED);
	}
	clearProgress();
	await printResults(io, report, args.json, services, summaryLine(report, target));
	if (report.cancelled) return fail('scan cancelled', EXIT_CANCELLED);
	return EXIT_OK;
}
