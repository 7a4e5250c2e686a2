// Loaded into the dashboard by the memory bench (NODE_OPTIONS=--import <this file>) to see
// where its memory goes, thread by thread: every second each thread writes its V8 heap
// figures to `$SOCKTOP_MEMORY_PROBE.<threadId>.json` (the main thread is 0), with the
// process's /proc/self/status lines. Worker threads started from code (`eval: true`, as
// startModuleWorker does) do not run --import modules themselves, so Worker is wrapped
// here to load this file first in each of them. Each sample follows a full GC, so this
// run's own RSS is not the dashboard's (the bench measures that in a run without the probe).
import {readFileSync, writeFileSync} from 'node:fs';
import {createRequire, syncBuiltinESMExports} from 'node:module';
import {getHeapCodeStatistics, getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {isMainThread, threadId} from 'node:worker_threads';

const base = process.env.SOCKTOP_MEMORY_PROBE;
const MB = 1024 * 1024;

if (base) {
	if (isMainThread) {
		const threads = createRequire(import.meta.url)('node:worker_threads');
		const Original = threads.Worker;
		const self = JSON.stringify(import.meta.url);
		threads.Worker = class ProbedWorker extends Original {
			constructor(source, options) {
				const wrapped =
					options?.eval === true && typeof source === 'string'
						? `import(${self}).then(() => { ${source} });`
						: source;
				super(wrapped, options);
			}
		};
		syncBuiltinESMExports();
	}
	// Live data only: a full collection before each sample (a figure per socket needs it).
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc');
	setFlagsFromString('--no-expose-gc');
	const write = () => {
		gc();
		const usage = process.memoryUsage();
		const spaces = {};
		for (const space of getHeapSpaceStatistics())
			spaces[space.space_name] = {committedMb: space.space_size / MB, usedMb: space.space_used_size / MB};
		const status = {};
		for (const line of readFileSync('/proc/self/status', 'utf8').split('\n')) {
			const match = /^(VmRSS|VmHWM|RssAnon|RssFile|Threads):\s+(\d+)/.exec(line);
			if (match) status[match[1]] = Number(match[2]);
		}
		const code = getHeapCodeStatistics();
		writeFileSync(
			`${base}.${threadId}.json`,
			JSON.stringify({
				thread: isMainThread ? 'main' : `worker ${threadId}`,
				heapTotalMb: usage.heapTotal / MB,
				heapUsedMb: usage.heapUsed / MB,
				externalMb: usage.external / MB,
				scriptSourceMb: code.external_script_source_size / MB,
				spaces,
				status,
			}),
		);
	};
	setInterval(write, 1000).unref();
	write();
}
