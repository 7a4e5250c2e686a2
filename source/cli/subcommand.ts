// `socktop scan|exporter|wait|history|details …`: told by the first word alone, before meow is
// loaded. Each subcommand parses its own words (scan-args.ts, exporter-args.ts, …), so
// meow's chunk (≈70 KB, and the small chunks options.ts brings) would be loaded and run for
// nothing: with it, `scan 127.0.0.1 --ports top1000` loaded 24 files of dist/, without it 18
// (README "Start-up").

export type SubcommandName = 'scan' | 'exporter' | 'wait' | 'history' | 'details';

const NAMES: ReadonlySet<string> = new Set<SubcommandName>([
	'scan',
	'exporter',
	'wait',
	'history',
	'details',
]);

/** The subcommand `argv` (without node and script) starts with, and its own words; else null. */
export function subcommandOf(argv: readonly string[]): {kind: SubcommandName; argv: string[]} | null {
	const first = argv[0];
	return first !== undefined && NAMES.has(first)
		? {kind: first as SubcommandName, argv: argv.slice(1)}
		: null;
}
