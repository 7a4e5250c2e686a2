import {type ResourceLimits, Worker} from 'node:worker_threads';
import {trackWorker} from './live-workers.js';

/**
 * Starts a worker thread running the module `./<name>.js` next to `base` (the caller's
 * import.meta.url). Under tsx or npm test's loader (tests, development) the module is
 * TypeScript and worker threads do not inherit the loader, so the worker registers it first;
 * built code is imported directly.
 */
export function startModuleWorker(
	base: string,
	name: string,
	workerData?: unknown,
	resourceLimits?: ResourceLimits,
): Worker {
	const typescript = base.endsWith('.ts') || base.endsWith('.tsx');
	const moduleUrl = new URL(`./${name}${typescript ? '.ts' : '.js'}`, base).href;
	// npm test's own loader when this process runs under it (scripts/ts-register.mjs names itself
	// in SOCKTOP_TS_REGISTER): a worker started through tsx's API cost ≈0.68 s CPU, through the
	// loader ≈0.29 s (5 workers each way, /usr/bin/time, 2026-11-30).
	const loader = process.env.SOCKTOP_TS_REGISTER;
	const source = !typescript
		? `import(${JSON.stringify(moduleUrl)});`
		: loader
			? `import(${JSON.stringify(loader)}).then(() => import(${JSON.stringify(moduleUrl)}));`
			: `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(base)}));`;
	// Tracked so that every exit path can end it first (live-workers.ts).
	return trackWorker(new Worker(source, {eval: true, workerData, resourceLimits}));
}
