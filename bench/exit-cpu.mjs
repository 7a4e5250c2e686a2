// A preload for comparing builds on a busy machine (docs/cold-read.md, second pass):
//   node --import ./bench/exit-cpu.mjs dist/cli.js --once > /dev/null
// prints at exit the main thread's on-CPU and run-queue time (/proc/self/task/<pid>/schedstat,
// ns), the whole process's CPU (all threads, the worker's included) and its peak RSS (VmHWM).
// Linux only. The run-queue time is what other work on the machine cost this thread.
import {readFileSync} from 'node:fs';

process.on('exit', () => {
	const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
	const usage = process.cpuUsage();
	const wall = performance.now();
	const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
	process.stderr.write(
		`@@ wall ${wall.toFixed(0)} main-cpu ${(run / 1e6).toFixed(0)} main-runq ${(wait / 1e6).toFixed(0)} ` +
			`main-wall-minus-runq ${(wall - wait / 1e6).toFixed(0)} proc-cpu ${((usage.user + usage.system) / 1000).toFixed(0)} ` +
			`hwm ${(hwmKb / 1024).toFixed(0)}MB\n`,
	);
});
