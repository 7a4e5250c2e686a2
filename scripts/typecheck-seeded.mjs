// Whether tsgo (@typescript/native-preview, the type-check of `npm test`) still reports what tsc
// does on this code base: the whole tree plus a few files with one deliberate error of each kind
// this code base's options catch, checked by both; each must report exactly the marked errors
// (file, line, TS code) and nothing else. Run it when bumping either package:
//   node scripts/typecheck-seeded.mjs        exit 0 when both agree with the marks
// (Not part of `npm test`: tsc alone costs ≈16 s CPU; docs/test-suite.md has the figures.)
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CHECKERS = {
	tsc: ['node_modules/typescript/bin/tsc'],
	tsgo: ['node_modules/@typescript/native-preview/bin/tsgo'],
};

// `@root/` becomes the path from the scratch directory to the repository. A line's marks are the
// errors expected on it. exactOptionalPropertyTypes is off in tsconfig.json, so it has no case.
const SEEDS = {
	// strictNullChecks: a field that is `string | null` used as a string.
	'strict-null.ts': `import type {SocketRecord} from '@root/source/model/socket-record.js';
export const remoteLength = (record: SocketRecord): number => record.remoteAddress.length; // TS18047
export function pidOf(record: SocketRecord): number {
	return record.pid; // TS2322
}
`,
	// A component's props: a number given as a string, a value outside a union, one missing, and
	// a prop of Ink's own (its declaration files).
	'wrong-prop.tsx': `import {Box} from 'ink';
import {KillDialog} from '@root/source/ui/components/kill-dialog.js';
import {plainTheme} from '@root/source/ui/theme.js';
import type {KillTarget} from '@root/source/ui/ui-state.js';
declare const target: KillTarget;
export const a = <KillDialog target={target} stage="confirm" height="6" theme={plainTheme} />; // TS2322
export const b = <KillDialog target={target} stage="confirmed" height={6} theme={plainTheme} />; // TS2820
export const c = <KillDialog target={target} stage="confirm" height={6} />; // TS2741
export const d = <Box flexDirection="diagonal" />; // TS2322
`,
	// noUncheckedIndexedAccess: an array element and a record entry may be undefined.
	'unchecked-index.ts': `import type {SocketRecord} from '@root/source/model/socket-record.js';
export const firstPid = (record: SocketRecord): number => record.owners[0].pid; // TS2532
const labels: Record<string, string> = {};
export const label: string = labels.tcp; // TS2322
`,
	// Import paths: a module that does not exist, and NodeNext's required extension.
	'bad-import.ts': `import {quote} from '@root/source/model/quotes.js'; // TS2307
import {formatDuration} from '@root/source/model/duration'; // TS2835
export const text = quote(formatDuration(1));
`,
	// A @ts-expect-error over a line with no error any more.
	'unused-expect-error.ts': `import {quote} from '@root/source/model/quote.js';
// @ts-expect-error // TS2578
export const text: string = quote('x');
`,
	// verbatimModuleSyntax (a type imported as a value), implicit any, noImplicitOverride,
	// noFallthroughCasesInSwitch, a wrong argument, a member @types/node does not declare.
	'other-options.ts': `import {SourceError, type SourceErrorCode} from '@root/source/sources/source.js';
import {SocketRecord} from '@root/source/model/socket-record.js'; // TS1484
import {formatDuration} from '@root/source/model/duration.js';
export const count = (records: SocketRecord[]) => records.length;
export const twice = (value) => value * 2; // TS7006
export class TimeoutError extends SourceError {
	toString(): string { // TS4114
		return this.message;
	}
}
export function severity(code: SourceErrorCode): number {
	let level = 0;
	switch (code) {
		case 'ENOENT': // TS7029
			level++;
		case 'EACCES':
			return level + 1;
		default:
			return 0;
	}
}
export const text = formatDuration('5s'); // TS2345
export const uptime = process.uptimeMs(); // TS2551
`,
	// resolveJsonModule under NodeNext: an ES module needs the import attribute.
	'json-import.ts': `import pkg from '@root/package.json'; // TS1543
export const version: string = pkg.version;
`,
};

/** The `file(line): TSnnnn` keys of the errors the seeds are marked with. */
function expectedErrors() {
	const expected = [];
	for (const [name, text] of Object.entries(SEEDS))
		text.split('\n').forEach((line, index) => {
			for (const [, code] of line.matchAll(/\/\/ (TS\d+)/g)) expected.push(`${name}(${index + 1}): ${code}`);
		});
	return expected.sort();
}

/** Runs one checker on the scratch project; its errors as `file(line): TSnnnn` keys. */
function check(name, project) {
	const started = process.hrtime.bigint();
	const result = spawnSync(
		process.execPath,
		[...CHECKERS[name], '-p', project, '--noEmit', '--pretty', 'false'],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const errors = [];
	for (const [, file, line, code] of result.stdout.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+):/gm))
		errors.push(`${relative(join(project, '..'), join(root, file))}(${line}): ${code}`);
	return {name, code: result.status, errors: errors.sort(), output: result.stdout + result.stderr, seconds};
}

export function runSeeded() {
	const scratch = mkdtempSync(join(tmpdir(), 'socktop-typecheck-seeded-'));
	try {
		// Resolved from the scratch directory as from the repository (ink, react, @types).
		symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
		// ES modules, as in the repository (its package.json has "type": "module").
		writeFileSync(join(scratch, 'package.json'), '{"type": "module"}\n');
		const toRoot = relative(scratch, root);
		for (const [name, text] of Object.entries(SEEDS))
			writeFileSync(join(scratch, name), text.replaceAll("'@root/", `'${toRoot}/`));
		const project = join(scratch, 'tsconfig.json');
		writeFileSync(
			project,
			JSON.stringify({
				extends: join(root, 'tsconfig.json'),
				// The repository's whole tree, as `npm test` checks it, and the seeds.
				compilerOptions: {rootDir: '/'},
				include: [
					...['cli.tsx', 'source', 'test', 'bench', 'scripts/*.ts'].map((path) => join(root, path)),
					join(scratch, '*.ts'),
					join(scratch, '*.tsx'),
				],
			}),
		);
		return {expected: expectedErrors(), results: Object.keys(CHECKERS).map((name) => check(name, project))};
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const {expected, results} = runSeeded();
	let ok = true;
	for (const result of results) {
		const missed = expected.filter((key) => !result.errors.includes(key));
		const extra = result.errors.filter((key) => !expected.includes(key));
		const agrees = missed.length === 0 && extra.length === 0 && result.code !== 0;
		ok &&= agrees;
		process.stdout.write(
			`${agrees ? 'agrees' : 'DIFFERS'}  ${result.name}: ${result.errors.length} errors of ${expected.length} marked, exit ${result.code}, ${result.seconds.toFixed(1)} s\n`,
		);
		for (const key of missed) process.stdout.write(`  missed ${key}\n`);
		for (const key of extra) process.stdout.write(`  extra  ${key}\n`);
		if (!agrees) process.stdout.write(result.output);
	}
	process.exit(ok ? 0 : 1);
}
