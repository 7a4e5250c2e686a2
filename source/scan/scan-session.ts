// The dashboard's quick scan as a small store (subscribe/getSnapshot, like the
// poll store): one scan at a time, open ports as they are found, progress, and a
// comparison with the previous scan of the same target. No React here; the UI
// reads snapshots and calls start/cancel.

import {errorMessage} from '../model/error-message.js';
import {compareScans, type ScanComparison} from './compare.js';
import {parsePortSpec} from './port-spec.js';
import {describeUnreachable, hostFailures, scanResults} from './scan-report.js';
import {runPortScan} from './scan-runner.js';
import type {ConnectFn, PortResult, ScanProgress, ScanReport} from './scan-types.js';
import {runScan} from './scanner.js';
import {type ResolveTargetOptions, resolveTarget} from './target.js';

export type ScanPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ScanSnapshot {
	readonly phase: ScanPhase;
	readonly target: string;
	readonly portSpec: string;
	readonly hosts: readonly string[];
	readonly progress: ScanProgress | null;
	/** Open ports in the order they were found. */
	readonly open: readonly PortResult[];
	readonly comparison: ScanComparison | null;
	readonly error: string | null;
}

export interface ScanSessionOptions {
	/**
	 * Gives a connect function (a fake in tests) and a way to release it. Default: the real
	 * connect, on worker threads only for big scans (scan-runner.ts decides, as for the CLI).
	 */
	readonly connect?: () => Promise<{connect: ConnectFn; close?: () => Promise<void> | void}>;
	readonly concurrency: () => Promise<number>;
	readonly lookup?: ResolveTargetOptions['lookup'];
	readonly timeoutMs?: number;
}

export interface ScanSession {
	/** Checks the input, then scans in the background. Returns an error line when nothing starts. */
	start(target: string, portSpec: string): Promise<string | null>;
	cancel(): void;
	/** Cancels and waits for every socket and timer to be released. */
	stop(): Promise<void>;
	subscribe(listener: () => void): () => void;
	getSnapshot(): ScanSnapshot;
}

const IDLE: ScanSnapshot = {
	phase: 'idle',
	target: '',
	portSpec: '',
	hosts: [],
	progress: null,
	open: [],
	comparison: null,
	error: null,
};

export function createScanSession(options: ScanSessionOptions): ScanSession {
	const listeners = new Set<() => void>();
	/** Last complete results per target, for "newly open / newly closed". */
	const previous = new Map<string, PortResult[]>();
	let snapshot = IDLE;
	let controller: AbortController | null = null;
	let running: Promise<void> | null = null;

	const publish = (change: Partial<ScanSnapshot>) => {
		snapshot = {...snapshot, ...change};
		for (const listener of [...listeners]) listener();
	};

	const finish = (report: ScanReport, key: string) => {
		if (report.cancelled) {
			publish({phase: 'cancelled'});
			return;
		}
		const failures = hostFailures(report);
		if (failures.length > 0 && failures.length === report.hosts.length) {
			// Nothing answered: one error for the target rather than "0 open".
			const [first] = failures;
			publish({phase: 'failed', error: describeUnreachable(first!.host, first!.error)});
			return;
		}
		const results = [...scanResults(report)];
		const before = previous.get(key);
		previous.set(key, results);
		publish({phase: 'done', comparison: before ? compareScans(before, results) : null});
	};

	const run = async (key: string, hosts: readonly string[], ports: number[], signal: AbortSignal) => {
		const concurrency = await options.concurrency();
		const scan = {
			hosts,
			ports,
			concurrency,
			timeoutMs: options.timeoutMs ?? 1500,
			signal,
			onOpen: (result: PortResult) => publish({open: [...snapshot.open, result]}),
			onProgress: (progress: ScanProgress) => publish({progress}),
			progressIntervalMs: 250,
		};
		if (!options.connect) {
			finish(await runPortScan(scan), key);
			return;
		}
		const {connect, close} = await options.connect();
		try {
			finish(await runScan({...scan, connect}), key);
		} finally {
			await close?.();
		}
	};

	const cancel = () => controller?.abort();

	return {
		async start(target, portSpec) {
			const trimmed = target.trim();
			const spec = portSpec.trim();
			if (trimmed === '') return 'enter a target: a host name, an IPv4/IPv6 address or a CIDR block';
			if (spec === '') return 'enter ports: top100, top1000, all, or a list like 22,80,8000-8100';
			const ports = parsePortSpec(spec);
			if (!ports.ok) return ports.error;
			// Resolved once, before starting, so a bad or unknown host is an inline error and nothing runs.
			const resolved = await resolveTarget(trimmed, {lookup: options.lookup});
			if (!resolved.ok) return resolved.error;
			cancel();
			await running;
			const mine = new AbortController();
			controller = mine;
			const hosts = resolved.target.hosts;
			publish({...IDLE, phase: 'running', target: trimmed, portSpec: spec, hosts});
			running = run(`${trimmed}|${spec}`, hosts, ports.ports, mine.signal)
				.catch((error: unknown) => publish({phase: 'failed', error: errorMessage(error)}))
				.finally(() => {
					if (controller === mine) controller = null;
				});
			return null;
		},
		cancel,
		async stop() {
			cancel();
			await running;
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
	};
}
