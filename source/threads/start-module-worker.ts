import {type ResourceLimits, Worker} from 'node:worker_threads';
import {trackWorker} from './live-workers.js';

/**
 * Starts a worker thread running the module `./<name>.js` next to `base` (the caller's
 * import.meta.url). Under tsx (tests, development) the module is TypeScript and worker
 * threads do not inherit the loader, so the worker goes through tsx's API; built code is
 * imported directly.
 */
export function startModuleWorker(
	base: string,
	name: string,
	workerData?: unknown,
	resourceLimits?: ResourceLimits,
): Worker {
	const typescript = base.endsWith('.ts') || base.endsWith('.tsx');
	const moduleUrl = new URL(`./${name}${typescript ? '.ts' : '.js'}`, base).href;
	const source = typescript
		? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(base)}));`
		: `import(${JSON.stringify(moduleUrl)});`;
	// Tracked so that every exit path can end it first (live-workers.ts).
	return trackWorker(new Worker(source, {eval: true, workerData, resourceLimits}));
}
