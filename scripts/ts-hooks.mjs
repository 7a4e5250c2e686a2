// Module hooks (registered by ts-register.mjs) that run the TypeScript sources as tests
// load them: `./x.js` resolves to `./x.ts`/`./x.tsx` when only that exists, and a .ts/.tsx
// file loads as esbuild's output, read from the cache that ts-transpile.mjs fills (npm test
// fills it for every file once, before the tests start). A file not in the cache is
// transpiled here. Why not tsx: each test process paid ≈0.6 s CPU to load tsx (measured with
// `/usr/bin/time node --import tsx -e 0`), about as much as a unit test file's tests.
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {cachedOutput, isTypeScript, transpile} from './ts-transpile.mjs';

export async function resolve(specifier, context, nextResolve) {
	const parent = context.parentURL;
	if (
		parent?.startsWith('file:') &&
		specifier.endsWith('.js') &&
		(specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:')) &&
		!parent.includes('/node_modules/')
	) {
		const url = new URL(specifier, parent);
		if (!existsSync(fileURLToPath(url)))
			for (const extension of ['.ts', '.tsx']) {
				const candidate = new URL(url.href.replace(/\.js$/, extension));
				if (existsSync(fileURLToPath(candidate))) return {url: candidate.href, shortCircuit: true};
			}
	}
	return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
	if (!url.startsWith('file:') || !isTypeScript(url)) return nextLoad(url, context);
	const path = fileURLToPath(url);
	const source = readFileSync(path, 'utf8');
	const code = cachedOutput(path, source) ?? (await transpile(path, source));
	return {format: 'module', source: code, shortCircuit: true};
}
