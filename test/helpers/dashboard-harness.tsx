// First: Ink decides at import whether it runs in CI, and then writes non-debug frames only at
// unmount. Every dashboard test renders as a user's terminal would (CI sets CI=true).
import './no-ci.js';
import type {TestContext} from 'node:test';
import {composeHistory, type HistoryOptions} from '../../source/main/compose-history.js';
import type {SocketRecord} from '../../source/model/socket-record.js';
import type {ProcessDetails} from '../../source/os/process-info.js';
import type {ProcessKiller, SignalResult} from '../../source/os/process-killer.js';
import {createReverseDns} from '../../source/os/reverse-dns.js';
import {createScanSession} from '../../source/scan/scan-session.js';
import type {ConnectFn} from '../../source/scan/scan-types.js';
import {createServiceLookup} from '../../source/services/service-lookup.js';
import type {RemoteKiller} from '../../source/sources/remote/remote-killer.js';
import type {SocketSource} from '../../source/sources/source.js';
import {createPollStore} from '../../source/store/poll-store.js';
import type {DashboardConfig, DashboardDeps} from '../../source/ui/deps.js';
import {mountDashboard} from '../../source/ui/mount-dashboard.js';
import {themeFor} from '../../source/ui/theme.js';
import {FakeClock, flush} from './fake-clock.js';
import {FakeSource} from './fake-source.js';
import {FakeStdin, FakeStdout} from './fake-terminal.js';

export {FakeStdin, FakeStdout};

export const KEYS = {
	up: '\x1b[A',
	down: '\x1b[B',
	pageUp: '\x1b[5~',
	pageDown: '\x1b[6~',
	tab: '\t',
	shiftTab: '\x1b[Z',
	enter: '\r',
	escape: '\x1b',
	backspace: '\x7f',
	delete: '\x1b[3~',
	ctrlC: '\x03',
} as const;

export class FakeKiller implements ProcessKiller {
	sent: {pid: number; signal: string}[] = [];
	alive = new Set<number>();
	results = new Map<number, SignalResult>();
	/** Pids that die when they get this signal. */
	diesOn = new Map<number, 'SIGTERM' | 'SIGKILL'>();
	signal(pid: number, signal: 'SIGTERM' | 'SIGKILL'): SignalResult {
		this.sent.push({pid, signal});
		const result = this.results.get(pid) ?? (this.alive.has(pid) ? 'sent' : 'gone');
		if (result === 'sent' && (this.diesOn.get(pid) === signal || this.diesOn.get(pid) === 'SIGTERM'))
			this.alive.delete(pid);
		return result;
	}
	isAlive(pid: number) {
		return this.alive.has(pid);
	}
}

export interface HarnessOptions {
	readonly steps: ConstructorParameters<typeof FakeSource>[0];
	/** Kill on another host's row (`--host`); absent: such a kill is refused. */
	readonly remoteKiller?: RemoteKiller;
	readonly columns?: number;
	readonly rows?: number;
	readonly config?: Partial<DashboardConfig>;
	readonly processInfo?: (pid: number) => Promise<ProcessDetails | null>;
	readonly reverse?: (address: string) => Promise<string[]>;
	readonly intervalMs?: number;
	/** false: render as for a real terminal (only changes written), to replay into an emulator. */
	readonly debug?: boolean;
	/** The scan's connect function; default: ports in `openPorts` are open, the rest refused. */
	readonly connect?: ConnectFn;
	readonly openPorts?: readonly number[];
	/** --log, --alert, --alert-exec and the environment they read (default: none, env {}). */
	readonly history?: HistoryOptions;
	/** A source of the test's own instead of the FakeSource of `steps` (which then goes unread). */
	readonly socketSource?: SocketSource;
	/** The store's tables-first start, as the real dashboard has it (poll-store.ts). */
	readonly tablesFirst?: boolean;
	/** The terminal's output side, when the test wrote to it before the mount (plain first frame). */
	readonly stdout?: FakeStdout;
	/** Ink's onRender (right before each frame is written). */
	readonly onRender?: () => void;
	/** False: Ctrl-Z finds no job control (`ssh -t host socktop`) and nothing stops. Default true. */
	readonly canSuspend?: boolean;
}

function stripAnsi(text: string): string {
	return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Mounts the dashboard on fakes; it is unmounted when the test ends (`t.after`), pass or fail. */
export function renderDashboard(t: Pick<TestContext, 'after'>, options: HarnessOptions) {
	const stdout =
		options.stdout ?? new FakeStdout(options.columns ?? 80, options.rows ?? 24, {keepFrames: true});
	const stdin = new FakeStdin();
	const clock = new FakeClock();
	const source = new FakeSource(options.steps);
	const intervalMs = options.intervalMs ?? 1000;
	const store = createPollStore({
		source: options.socketSource ?? source,
		intervalMs,
		clock,
		tablesFirst: options.tablesFirst ?? false,
	});
	const killer = new FakeKiller();
	const bells: number[] = [];
	const suspends: number[] = [];
	const reverseDns = createReverseDns({
		clock,
		reverse: options.reverse ?? (() => Promise.reject(new Error('no dns in tests'))),
	});
	const openPorts = new Set(options.openPorts ?? []);
	const connect: ConnectFn =
		options.connect ?? (async (_host, port) => (openPorts.has(port) ? 'open' : 'closed'));
	const scanner = createScanSession({
		connect: async () => ({connect}),
		concurrency: async () => 16,
		lookup: async (name) => {
			if (name === 'db.example') return [{address: '192.0.2.10', family: 4}];
			throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), {code: 'ENOTFOUND'});
		},
	});
	// The real recorder on the fake store: the history view reads what it records.
	const terminalWrites: string[] = [];
	const history = composeHistory(store, {
		terminal: {write: (text: string) => terminalWrites.push(text)},
		env: {},
		...options.history,
	});
	t.after(() => history.stop());
	const deps: DashboardDeps = {
		scanner,
		store,
		killer,
		...(options.remoteKiller ? {remoteKiller: options.remoteKiller} : {}),
		processInfo:
			options.processInfo ??
			(async (pid) => ({pid, command: `/usr/bin/fake --pid ${pid}`, user: 'root', ppid: 1})),
		reverseDns,
		serviceName: createServiceLookup(),
		clock,
		bell: () => bells.push(clock.now()),
		suspend: () => {
			if (options.canSuspend === false) return false;
			suspends.push(clock.now());
			return true;
		},
		history: history.timeline,
	};
	const config: DashboardConfig = {
		hostname: 'testhost',
		sourceName: 'procfs',
		intervalMs,
		readOnly: false,
		isRoot: false,
		bell: false,
		initialFilter: '',
		theme: themeFor(false),
		killWaitMs: 1000,
		...options.config,
	};
	store.start();
	const {instance, redraw} = mountDashboard({
		deps,
		config,
		stdout: stdout.asStream(),
		stdin: stdin.asStream(),
		debug: options.debug ?? true,
		incrementalRendering: options.debug === false,
		...(options.onRender ? {onRender: options.onRender} : {}),
	});
	let mounted = true;
	const unmount = () => {
		if (!mounted) return;
		mounted = false;
		instance.unmount();
		store.stop();
		reverseDns.stop();
		scanner.cancel();
	};
	t.after(unmount);
	const frame = () => stripAnsi(stdout.lastFrame());
	const lines = () => frame().split('\n');

	/** Polls until the frame satisfies `check` (Ink re-renders asynchronously), at most ~2 s. */
	async function waitFor(check: (text: string) => boolean, what = 'frame'): Promise<string> {
		for (let i = 0; i < 200; i++) {
			await flush();
			if (check(frame())) return frame();
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
	}

	async function press(...keys: string[]) {
		for (const key of keys) {
			stdin.write(key);
			await flush();
			// A lone Escape is held briefly by Ink's parser to tell it from a sequence.
			if (key === KEYS.escape) await new Promise((resolve) => setTimeout(resolve, 40));
		}
	}

	return {
		stdout,
		stdin,
		clock,
		source,
		store,
		killer,
		scanner,
		bells,
		terminalWrites,
		timeline: history.timeline,
		suspends,
		redraw,
		frame,
		lines,
		waitFor,
		press,
		async type(text: string) {
			await press(...text.split(''));
		},
		async tick(ms = intervalMs) {
			await clock.advance(ms);
			await flush();
		},
		unmount,
	};
}

export type {SocketRecord};
