import {Worker} from 'node:worker_threads';

/**
 * Starts a worker thread running `./<name>.js` next to this module. Under tsx (tests,
 * development) the module is TypeScript and worker threads do not inherit the loader,
 * so the worker goes through tsx's API; built code is imported directly.
 */
export function startModuleWorker(name: string, workerData?: unknown): Worker {
	const typescript = import.meta.url.endsWith('.ts');
	const moduleUrl = new URL(`./${name}${typescript ? '.ts' : '.js'}`, import.meta.url).href;
	const source = typescript
		? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => tsx.tsImport(${JSON.stringify(moduleUrl)}, ${JSON.stringify(import.meta.url)}));`
		: `import(${JSON.stringify(moduleUrl)});`;
	return new Worker(source, {eval: true, workerData});
}
