import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, it} from 'node:test';

// The layers of CONTRIBUTING.md, checked on every import in source/ and cli.tsx: a
// folder imports only from its own folder and from folders of a lower level. Type-only
// imports count too (they are still a dependency). New folders must be placed here.

const ROOT = new URL('../..', import.meta.url).pathname;

/** Lowest first. */
export const LEVELS: readonly (readonly string[])[] = [
	['model', 'threads'],
	['os'], // thin wrappers of OS calls (user names, kill, /proc/<pid>, reverse DNS)
	['services', 'sources', 'filter', 'scan', 'metrics'], // metrics: pure exposition formatting
	['store'],
	['cli', 'ui'],
	['main'], // the composition root: cli.tsx and source/main/
];

/** ui/ gets OS access injected: it may name os/'s types but never call it. */
const TYPE_ONLY: readonly [string, string][] = [['ui', 'os']];

/**
 * Imports allowed for now although they break a layer, each with why. Empty since the
 * dashboard's composition root moved to source/main/ (issue 8). Each entry must still be
 * needed: once the file stops importing it, the test says to delete the entry.
 */
const PENDING: readonly {file: string; imports: string; why: string}[] = [];

export interface Import {
	readonly specifier: string;
	readonly typeOnly: boolean;
	readonly line: number;
}

/** Every relative import, re-export and dynamic import of a module's text. */
export function importsOf(text: string): Import[] {
	const found: Import[] = [];
	const lineAt = (index: number) => text.slice(0, index).split('\n').length;
	const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm;
	for (const match of text.matchAll(statement)) {
		const [, , typeKeyword, names = '', specifier = ''] = match;
		// `import {type A, type B}` is type-only too; `import {type A, b}` is not.
		const inner = /^\{([^}]*)\}$/.exec(names.trim())?.[1];
		const allTyped =
			inner
				?.split(',')
				.map((name) => name.trim())
				.filter(Boolean)
				.every((name) => name.startsWith('type ')) === true;
		found.push({specifier, typeOnly: Boolean(typeKeyword) || allTyped, line: lineAt(match.index ?? 0)});
	}
	for (const match of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm))
		found.push({specifier: match[1]!, typeOnly: false, line: lineAt(match.index ?? 0)});
	for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
		found.push({specifier: match[1]!, typeOnly: false, line: lineAt(match.index ?? 0)});
	return found.filter((entry) => entry.specifier.startsWith('.'));
}

/** The layer of a file under the repository root: its folder under source/, or main for cli.tsx. */
export function layerOf(file: string): string {
	const path = relative(ROOT, file);
	if (!path.startsWith('source/')) return 'main';
	return path.split('/')[1]!;
}

const levelOf = (layer: string) => LEVELS.findIndex((names) => names.includes(layer));

/** Why importing `to` from `from` breaks the layers, or null when it is allowed. */
export function violation(from: string, to: string, typeOnly: boolean): string | null {
	const a = layerOf(from);
	const b = layerOf(to);
	if (levelOf(a) < 0) return `${a}/ is in no layer (add it to LEVELS)`;
	if (levelOf(b) < 0) return `${b}/ is in no layer (add it to LEVELS)`;
	if (a === b) return null;
	if (TYPE_ONLY.some(([x, y]) => x === a && y === b))
		return typeOnly ? null : `${a}/ may import only types from ${b}/`;
	if (levelOf(b) < levelOf(a)) return null;
	return `${a}/ may not import ${b}/ (${b}/ is not below ${a}/)`;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.tsx?$/.test(name) ? [path] : [];
	});
}

const isPending = (file: string, specifier: string) =>
	PENDING.some((entry) => join(ROOT, entry.file) === file && entry.imports === specifier);

describe('layers: every import points down', () => {
	const files = [...sourceFiles(join(ROOT, 'source')), join(ROOT, 'cli.tsx')];

	it('finds the product code and its imports', () => {
		assert.ok(files.length > 50, `only ${files.length} files found`);
		assert.ok(files.flatMap((file) => importsOf(readFileSync(file, 'utf8'))).length > 200);
	});

	it('has no import that breaks a layer', () => {
		const broken: string[] = [];
		for (const file of files) {
			for (const entry of importsOf(readFileSync(file, 'utf8'))) {
				const target = resolve(dirname(file), entry.specifier);
				const why = violation(file, target, entry.typeOnly);
				if (why && !isPending(file, entry.specifier))
					broken.push(`${relative(ROOT, file)}:${entry.line} imports ${entry.specifier}: ${why}`);
			}
		}
		assert.deepEqual(broken, []);
	});

	it('lists only pending imports that are still there', () => {
		const stale = PENDING.filter((entry) => {
			const file = join(ROOT, entry.file);
			return (
				!existsSync(file) || !importsOf(readFileSync(file, 'utf8')).some((i) => i.specifier === entry.imports)
			);
		});
		assert.deepEqual(
			stale.map((entry) => `${entry.file} → ${entry.imports}: fixed, delete it from PENDING`),
			[],
		);
	});

	it('catches a broken arrow (the check itself works)', () => {
		const file = (path: string) => join(ROOT, path);
		assert.match(
			violation(file('source/os/reverse-dns.ts'), file('source/store/poll-store.ts'), true) ?? '',
			/os\/ may not import store\//,
		);
		assert.match(
			violation(file('source/sources/select-source.ts'), file('source/cli/options.ts'), true) ?? '',
			/not below/,
		);
		assert.match(
			violation(file('source/ui/app.tsx'), file('source/os/process-killer.ts'), false) ?? '',
			/only types/,
		);
		assert.match(
			violation(file('source/model/x.ts'), file('source/gui/y.ts'), false) ?? '',
			/gui\/ is in no layer/,
		);
		assert.equal(violation(file('source/ui/app.tsx'), file('source/os/process-killer.ts'), true), null);
		assert.equal(violation(file('cli.tsx'), file('source/ui/run-dashboard.tsx'), false), null);
		assert.equal(violation(file('source/main/root.ts'), file('source/ui/app.tsx'), false), null);
		const sample =
			"import {a, type B} from '../store/x.js';\nimport type {C} from './c.js';\nexport {d} from '../e.js';\nawait import('../f.js');";
		assert.deepEqual(
			importsOf(sample).map((i) => [i.specifier, i.typeOnly]),
			[
				['../store/x.js', false],
				['./c.js', true],
				['../e.js', false],
				['../f.js', false],
			],
		);
	});
});
