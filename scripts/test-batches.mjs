// How npm test (scripts/test.mjs) runs the unit test files several to a process: starting a
// process cost ≈0.5 s CPU per file even with the small loader (10 small files: 6.2 s CPU one
// process each, 1.5 s in one process, /usr/bin/time at load ≈20, 2026-11-30), about as much as
// most files' tests.
//
// In one process, the files share what a process has once: the environment (Ink and chalk read
// CI and FORCE_COLOR when they are first imported), globals, process listeners, and root-level
// hooks (node:test runs every file's top-level before/after around the whole batch, and a
// top-level beforeEach/afterEach around every test of the batch). So:
// - a file that changes any of these at its top level runs in a process of its own (SOLO, with why);
// - the files that import test/helpers/no-ci.ts or no-colour.ts (Ink as on a user's terminal,
//   frames without colour), directly or through another test module, run in batches that import
//   those two first, as each of them would before Ink; the other files in batches that do not.
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {pathToFileURL} from 'node:url';

/** Unit files that run in their own process, and why. */
export const SOLO = new Map([
	['test/threads/heap-trim.test.ts', 'top-level beforeEach/afterEach, and it measures the heap'],
	['test/ui/dashboard-history.test.tsx', 'sets process.env'],
	['test/cli/event-history.test.ts', 'sets process.env'],
	['test/os/line-child.test.ts', 'adds process listeners'],
	// Was listed as test/main/exit-now.test.ts, and ran in a batch after the file moved to os/
	// (2026-11-30); there it ended a worker another file had left for its top-level `after`
	// (test/store/worker-feed-tables-first.test.ts's feed), and took 8.5 s in one run.
	['test/os/exit-now.test.ts', 'ends every tracked worker in the process (terminateLiveWorkers)'],
	['test/scan/scan-runner.test.ts', 'asserts that no Worker or MessagePort is active in the process'],
	// In a batch at load 25–40 (2026-11-30) it found 7 workers of other files alive after its
	// terminateLiveWorkers(): what it counts is the whole process's.
	['test/threads/live-workers.test.ts', 'asserts that no tracked worker is alive in the process'],
]);

/** The SOLO entries that name no file (one that moved would run in a batch unnoticed). */
export const missingSolo = (root) => [...SOLO.keys()].filter((file) => !existsSync(join(root, file)));

const ENV_HELPERS = ['test/helpers/no-ci.ts', 'test/helpers/no-colour.ts'];

/** The test/ modules FILE imports (relative specifiers; `.js` → the `.ts`/`.tsx` that exists). */
function testImports(root, file) {
	let text = '';
	try {
		text = readFileSync(join(root, file), 'utf8');
	} catch {
		return [];
	}
	const found = [];
	for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
		const path = join(dirname(file), specifier);
		if (!path.startsWith('test/')) continue;
		for (const candidate of [path, path.replace(/\.js$/, '.ts'), path.replace(/\.js$/, '.tsx')])
			try {
				readFileSync(join(root, candidate));
				found.push(candidate);
				break;
			} catch {}
	}
	return found;
}

/** Whether FILE imports one of the environment helpers, directly or not. */
export function setsInkEnvironment(root, file, seen = new Set()) {
	if (ENV_HELPERS.includes(file)) return true;
	if (seen.has(file)) return false;
	seen.add(file);
	return testImports(root, file).some((child) => setsInkEnvironment(root, child, seen));
}

/**
 * What FILE shares with others that costs each process once, or null: fast-check 4.10's
 * `fc.string({unit: 'binary'})` (any code point) took 2.1–2.4 s CPU to build, once per process
 * (`node -e` with process.cpuUsage(), 2026-11-30), so the files that build one run in one batch,
 * which pays it once: those five files took 11.2–12.5 s CPU in 3 batches, 5.1–5.4 s in one.
 */
export function sharedSetupOf(root, file) {
	try {
		return /unit: 'binary'/.test(readFileSync(join(root, file), 'utf8')) ? 'fast-check binary strings' : null;
	} catch {
		return null;
	}
}

/**
 * Splits FILES into COUNT bins of about equal time (longest first into the emptiest bin); given
 * the repository's ROOT, the files with the same sharedSetupOf go into one bin together.
 */
export function balance(files, count, secondsOf, root = null) {
	const units = new Map();
	for (const file of files) {
		const key = (root && sharedSetupOf(root, file)) ?? file;
		units.set(key, [...(units.get(key) ?? []), file]);
	}
	const secondsOfUnit = (unit) => unit.reduce((sum, file) => sum + secondsOf(file), 0);
	const bins = Array.from({length: Math.min(count, units.size)}, () => ({files: [], seconds: 0}));
	for (const unit of [...units.values()].sort((a, b) => secondsOfUnit(b) - secondsOfUnit(a))) {
		const bin = bins.reduce((least, next) => (next.seconds < least.seconds ? next : least));
		bin.files.push(...unit);
		bin.seconds += secondsOfUnit(unit);
	}
	return bins.filter((bin) => bin.files.length > 0);
}

let batchDir = null;

/**
 * Writes the module that runs FILES in one process: the environment helpers first when asked,
 * then each file; a file that fails to load becomes one failing test, the others still run.
 */
export function batchEntry(root, name, files, withEnvironment) {
	batchDir ??= mkdtempSync(join(tmpdir(), 'socktop-test-batch-'));
	const url = (file) => JSON.stringify(pathToFileURL(join(root, file)).href);
	const lines = ["import {test} from 'node:test';"];
	if (withEnvironment) for (const helper of ENV_HELPERS) lines.push(`await import(${url(helper)});`);
	for (const file of files)
		lines.push(
			`await import(${url(file)}).catch((error) => test(${JSON.stringify(`${file} loads`)}, () => { throw error; }));`,
		);
	const entry = join(batchDir, `${name}.mjs`);
	writeFileSync(entry, `${lines.join('\n')}\n`);
	return entry;
}

export const batchDirectory = () => batchDir;
