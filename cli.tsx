#!/usr/bin/env node
// The entry dispatches and imports nothing statically: an ES module's static imports all load
// before its first line runs. `scan` (measured against nmap) goes straight to its own bundle
// (source/cli/scan-process.ts); every other command line to source/main/cli-main.ts. The
// entry's old static chunks cost a scan ≈10 ms of main-thread CPU before its first connect
// (45.0 → 35.1 ms, docs/scan-start.md).
const argv = process.argv.slice(2);
const runScan = (words: readonly string[]) =>
	import('./source/cli/scan-process.js').then(({runScanProcess}) => runScanProcess(words));

const runMain = () =>
	void import('./source/main/cli-main.js').then(({runCliMain}) =>
		// dist/cli.js and cli.tsx both sit one level below package.json.
		runCliMain(argv, {packageJson: new URL('../package.json', import.meta.url), runScan}),
	);
// Words a plain `--once` may hold (source/cli/once-prefetch-args.ts plainOnceOptions, which the
// bundle asks first, handing anything else back to cli-main): such a command goes straight to
// its own bundle (source/main/once-process.ts), owner prefetch included.
const PLAIN_ONCE_WORD = /^(--once|--json|--no-color|--timeout(=.*)?|\d+)$/;

if (argv[0] === 'scan') {
	void runScan(argv.slice(1));
} else if (argv.includes('--once') && argv.every((word) => PLAIN_ONCE_WORD.test(word))) {
	void import('./source/main/once-process.js').then(({runOnceProcess}) => runOnceProcess(argv, runMain));
} else {
	// A small table's dashboard runs without V8's optimizing compiler from here on
	// (source/main/small-table-start.ts).
	void import('./source/main/small-table-start.js').then(({optimizeForStart}) => {
		optimizeForStart(argv);
		runMain();
	});
}
