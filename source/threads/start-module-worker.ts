import {existsSync} from 'node:fs';
import {resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {type ResourceLimits, Worker} from 'node:worker_threads';
import {trackWorker} from './live-workers.js';

/**
 * Starts a worker thread running the module `./<name>.js` next to `base` (the caller's
 * import.meta.url). Built code is imported directly. Under a TypeScript loader (tests,
 * development) the module is TypeScript, and worker threads do not inherit the loader (Node
 * 20 runs neither `--import` nor module.register hooks in workers), so the worker loads it
 * first: the one the process was started with when it is npm test's (scripts/ts-register.mjs,
 * found in execArgv), tsx's API otherwise. tsx cost each worker ≈0.5 s CPU to load, which
 * npm test's worker tests paid per worker (test/store/worker-feed.test.ts: 33.8 s, CI log
 * 2026-11-30).
 */
export function startModuleWorker(
	base: string,
	name: string,
	workerData?: unknown,
	resourceLimits?: ResourceLimits,
): Worker {
	const typescript = base.endsWith('.ts') || base.endsWith('.tsx');
	const moduleUrl = new URL(`./${name}${typescript ? '.ts' : '.js'}`, base).href;
	const register = typescript ? testLoader() : null;
	const source = !typescript
		? `import(${JSON.stringify(moduleUrl)});`
		: register
			? `import(${JSON.stringify(register)}).then(() => import(${JSON.stringify(moduleUrl)}));`
			: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(base)}));`;
	// Tracked so that every exit path can end it first (live-workers.ts).
	return trackWorker(new Worker(source, {eval: true, workerData, resourceLimits}));
}

/** The URL of npm test's loader when this process was started with it (`--import …/ts-register.mjs`), or null. */
function testLoader(): string | null {
	const args = process.execArgv;
	for (const [index, arg] of args.entries()) {
		const value =
			arg === '--import' ? args[index + 1] : arg.startsWith('--import=') ? arg.slice(9) : undefined;
		if (!value?.endsWith('/ts-register.mjs')) continue;
		const url = value.startsWith('file:') ? value : pathToFileURL(resolve(value)).href;
		// Relative to the directory the process started in: after a chdir, tsx it is.
		return existsSync(new URL(url)) ? url : null;
	}
	return null;
}
