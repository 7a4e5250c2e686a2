// Decided on the raw command line, before the argument parser is even loaded (≈90 ms of
// meow's start-up that the walk can use): whether this is a plain `--once` read of this
// machine, whose every socket's owners will be wanted. Anything else (a filter, which may
// need no walk at all, other hosts, another source, metrics, a command) is left alone: the
// check only allows what it knows, and a wrong guess costs a worker stopped unused.

/** Flags that do not change which owners a `--once` read looks up, and whether each takes a value. */
const NEUTRAL: ReadonlyMap<string, boolean> = new Map([
	['--once', false],
	['--json', false],
	['--no-color', false],
	['--color', false],
	['--read-only', false],
	['--bell', false],
	['--timeout', true],
	['--interval', true],
	['-i', true],
	['--netns', true],
]);

export function onceReadsAllOwners(argv: readonly string[]): boolean {
	let once = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const equals = arg.indexOf('=');
		const name = arg.startsWith('--') && equals > 0 ? arg.slice(0, equals) : arg;
		const takesValue = NEUTRAL.get(name);
		if (takesValue === undefined) return false;
		if (name === '--once') once = true;
		if (takesValue && equals < 0) i++; // its value is the next argument
	}
	return once;
}
