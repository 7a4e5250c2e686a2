// `socktop --version` and `socktop --help`, each alone on the command line, are answered
// before meow is loaded. meow (the parser the design card names) parses every other
// command line, these two included when anything comes with them (`--help --once`,
// `-hv`). Why: loading and running meow is most of what those two cost beyond Node's own
// start: with it, `--version` measured 1.42–1.47× `node -e 0` CPU (goal ≤ 1.3×) after
// meow had already been trimmed (scripts/meow-slim.mjs); the README's "Benchmarks" has
// the figures without it. test/cli/bare-answer.test.ts checks that meow gives the same
// answer for every word listed here.

export type BareAnswer = 'help' | 'version';

const BARE: Readonly<Record<string, BareAnswer>> = {
	'--help': 'help',
	'-h': 'help',
	'--version': 'version',
	'-v': 'version',
};

/** What `argv` (without node and script) asks for when it is one of the bare words; else null. */
export function bareAnswer(argv: readonly string[]): BareAnswer | null {
	return argv.length === 1 ? (BARE[argv[0]!] ?? null) : null;
}

/** The words answered without meow (for the test that compares them with meow's parse). */
export const BARE_WORDS: readonly string[] = Object.keys(BARE);
