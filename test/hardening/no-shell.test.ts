import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';

// No user input may ever reach a shell: every child process is started with
// spawn(file, [args]) and shell: false. This reads every source file and fails on
// any API that goes through a shell.

const ROOT = new URL('../..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.(ts|tsx)$/.test(name) ? [path] : [];
	});
}

const FORBIDDEN: [RegExp, string][] = [
	[/(?<![.\w])exec(Sync)?\s*\(/, 'child_process exec/execSync run through a shell'],
	[/import\s*\{[^}]*\bexec(Sync)?\b[^}]*\}\s*from\s*['"](node:)?child_process/, 'importing exec/execSync'],
	[/\bchild_process['"]?\)?\.exec(Sync)?\b|\bcp\.exec(Sync)?\b/, 'calling child_process.exec'],
	[/\bshell\s*:\s*(true|['"`])/, 'spawn with shell: true'],
	[/\bspawn(Sync)?\s*\(\s*['"`](\/bin\/)?(ba|z|da)?sh['"`]/, 'spawning a shell by name'],
	[/\bexecFile(Sync)?\s*\(\s*['"`](\/bin\/)?(ba|z|da)?sh['"`]/, 'running a shell by name'],
	[/\bspawn(Sync)?\s*\(\s*`/, 'a command built from a template string'],
];

describe('no shell anywhere in the product code', () => {
	const files = [...sourceFiles(join(ROOT, 'source')), join(ROOT, 'cli.tsx')];

	it('finds the product code to check', () => {
		assert.ok(files.length > 20, `only ${files.length} files found`);
		assert.ok(files.some((file) => readFileSync(file, 'utf8').includes("from 'node:child_process'")));
	});

	for (const [pattern, what] of FORBIDDEN) {
		it(`has no ${what}`, () => {
			const offenders = files.filter((file) =>
				readFileSync(file, 'utf8')
					.split('\n')
					.some(
						(line) => !line.trim().startsWith('//') && !line.trim().startsWith('*') && pattern.test(line),
					),
			);
			assert.deepEqual(offenders, []);
		});
	}

	it('flags a shell call when one is there (the check itself works)', () => {
		// biome-ignore lint/suspicious/noTemplateCurlyInString: the sample is source text, not a template
		const sample = "import {exec} from 'node:child_process';\nexec(`netstat ${userInput}`);";
		assert.ok(FORBIDDEN.some(([pattern]) => sample.split('\n').some((line) => pattern.test(line))));
	});
});
