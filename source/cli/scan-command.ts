import {errorMessage} from '../model/error-message.js';
import {defaultConcurrency} from '../scan/fd-limit.js';
import {type HostFailure, hostFailures, scanResults} from '../scan/scan-report.js';
import {runPortScan} from '../scan/scan-runner.js';
import {type ConnectFn, ScanError, type ScanProgress, type ScanReport} from '../scan/scan-types.js';
import {type LookupFn, resolveTarget} from '../scan/target.js';
import {readEtcServices} from '../services/read-etc-services.js';
import {createServiceLookup, type ServiceLookup} from '../services/service-lookup.js';
import {createFdLineSink} from './fd-line-sink.js';
import {parseScanArgs, SCAN_HELP} from './scan-args.js';
import {createLineSink} from './scan-line-sink.js';
import {
	describeTarget,
	hostFailureJson,
	hostFailureLine,
	jsonLine,
	openPortTable,
	progressLine,
	summaryLine,
} from './scan-output.js';

export {processScanIO} from './scan-stdio.js';

export interface ScanCommandIO {
	readonly stdout: NodeJS.WritableStream;
	readonly stderr: NodeJS.WritableStream & {isTTY?: boolean; columns?: number};
	/** Aborted on Ctrl-C: the scan stops, partial results are printed, exit 130. */
	readonly signal?: AbortSignal;
	/** The results go straight to this descriptor (stdout's) instead of through `stdout`. */
	readonly stdoutFd?: number;
	/** Known without asking `stderr` (making process.stderr costs: scan-stdio.ts). */
	readonly stderrIsTerminal?: boolean;
}

/** Real dependencies, replaceable in tests. */
export interface ScanCommandDeps {
	readonly connect?: ConnectFn;
	readonly lookup?: LookupFn;
	/** null: use the built-in table only. Default: read /etc/services. */
	readonly etcServicesText?: string | null;
	/** Used when --concurrency is not given. Default: from the open-file limit. */
	readonly concurrency?: number;
	/** Connect threads for large scans with the real connect (0: this thread); see scan-runner.ts. */
	readonly threads?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
/** Hosts that failed whole, listed by name in the text output; beyond this, counted in the summary. */
const FAILED_HOSTS_LISTED = 5;

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

/**
 * JSON: one object per port, except that a host whose every port failed at once the
 * same way gets one object (`port: null`). Text: the open ports, the hosts that failed
 * whole, the summary; when every host failed whole, nothing (the error goes to stderr).
 */
async function printResults(
	io: ScanCommandIO,
	report: ScanReport,
	json: boolean,
	servicesOf: () => Promise<ServiceLookup>,
	summary: string,
	failures: readonly HostFailure[],
): Promise<void> {
	const out =
		io.stdoutFd === undefined ? createLineSink(io.stdout) : createFdLineSink(io.stdoutFd, () => io.stdout);
	const failed = new Set(failures.map((failure) => failure.host));
	if (json) {
		for (const failure of failures) await out.line(hostFailureJson(failure));
		let services: ServiceLookup | null = null;
		for (const result of scanResults(report)) {
			if (failed.has(result.host)) continue;
			services ??= await servicesOf();
			await out.line(jsonLine(result, services));
			if (out.closed) return;
		}
	} else if (failures.length < report.hosts.length) {
		const open = [...scanResults(report, {openOnly: true})];
		if (open.length > 0)
			for (const line of await openPortTable(open, await servicesOf(), report.hosts.length > 1))
				await out.line(line);
		for (const failure of failures.slice(0, FAILED_HOSTS_LISTED)) await out.line(hostFailureLine(failure));
		if (failures.length > FAILED_HOSTS_LISTED)
			await out.line(`…and ${failures.length - FAILED_HOSTS_LISTED} more hosts unreachable on every port`);
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

	// Service names only for ports printed with one: a text scan that found nothing open
	// neither reads nor parses /etc/services (≈360 lines here, and the built-in table).
	const servicesOf = async () => {
		const etcServicesText =
			deps.etcServicesText === undefined ? await readEtcServices() : deps.etcServicesText;
		return createServiceLookup(etcServicesText === null ? {} : {etcServicesText});
	};
	const concurrency = args.concurrency ?? deps.concurrency ?? (await defaultConcurrency());

	const tty = io.stderrIsTerminal ?? io.stderr.isTTY === true;
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
		report = await runPortScan({
			hosts: target.hosts,
			ports: args.ports,
			concurrency,
			...(deps.connect ? {connect: deps.connect} : {}),
			...(deps.threads === undefined ? {} : {threads: deps.threads}),
			...(args.timeoutMs === null ? {} : {timeoutMs: args.timeoutMs}),
			...(signal ? {signal} : {}),
			...(tty ? {onProgress: (progress: ScanProgress) => showProgress(progressLine(progress, target))} : {}),
		});
	} catch (error) {
		clearProgress();
		const message = error instanceof ScanError ? error.message : `scan failed: ${errorMessage(error)}`;
		return fail(message, EXIT_FAILED);
	}
	clearProgress();
	const failures = hostFailures(report);
	await printResults(io, report, args.json, servicesOf, summaryLine(report, target), failures);
	if (report.cancelled) return fail('scan cancelled', EXIT_CANCELLED);
	// Nothing answered anywhere: one error for the whole target, and the scan failed.
	if (failures.length > 0 && failures.length === report.hosts.length) {
		const why =
			failures.length === 1
				? hostFailureLine(failures[0]!)
				: `${describeTarget(target)}: unreachable, every port of every host failed at once (${[...new Set(failures.map((f) => f.error))].join(', ')})`;
		return fail(why, EXIT_FAILED);
	}
	return EXIT_OK;
}
