import type {CliOptions} from './options.js';

/** Flags a plain dashboard may carry and still be parsed without meow, and whether each takes a value. */
const PLAIN_DASHBOARD: ReadonlyMap<string, boolean> = new Map([
	['--netns', true],
	['--no-color', false],
	['--read-only', false],
	['--bell', false],
]);
/** As options.ts checks it: ip netns names are file names under /run/netns; ids are inode numbers. */
const NETNS = /^[A-Za-z0-9_.-]+$/;

/**
 * The options meow gives for the dashboard with no words but `--netns NAME`, `--no-color`,
 * `--read-only` and `--bell` (each at most once, any order); null for every other command
 * line, which meow parses (mistakes included). Why: meow's chunk and its parse were 60 ms of
 * the dashboard's 1.6 s to its first frame at 1,000 connections and load ≈ 13 (a CPU profile
 * with marks, docs/first-frame.md); test/cli/plain-dashboard-args.test.ts compares every
 * answer with meow's. The `--once` twin is plainOnceOptions (once-prefetch-args.ts).
 */
export function plainDashboardOptions(argv: readonly string[]): {kind: 'run'; options: CliOptions} | null {
	const seen = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const equals = arg.startsWith('--netns=') ? '--netns'.length : -1;
		const name = equals > 0 ? '--netns' : arg;
		const takesValue = PLAIN_DASHBOARD.get(name);
		if (takesValue === undefined || seen.has(name)) return null;
		let value = '';
		if (takesValue) {
			const raw = equals > 0 ? arg.slice(equals + 1) : argv[++i];
			if (raw === undefined || raw.startsWith('-') || !NETNS.test(raw) || raw === '.' || raw === '..')
				return null;
			value = raw;
		}
		seen.set(name, value);
	}
	return {
		kind: 'run',
		options: {
			once: false,
			json: false,
			filter: '',
			intervalMs: 2000,
			timeoutMs: null,
			source: 'auto',
			color: !seen.has('--no-color'),
			readOnly: seen.has('--read-only'),
			bell: seen.has('--bell'),
			metrics: null,
			output: null,
			netns: seen.get('--netns') ?? 'all',
			log: null,
			alerts: [],
			alertExec: null,
			hosts: [],
			local: true,
		},
	};
}
