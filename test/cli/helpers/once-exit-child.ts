// Run as its own process by test/cli/once-exit.test.ts: `--once` the way cli.tsx runs it,
// with a source that never answers and holds the event loop the way an abandoned read of
// /proc does (a ref'd handle), and a live worker thread. MODE `plain` ends as the CLI
// did before (returning the code), `prompt` through exitNow (source/os/exit-now.ts), as cli.tsx ends `--once`.
import {setInterval} from 'node:timers';
import {Worker} from 'node:worker_threads';
import {runOnce} from '../../../source/cli/run-once.js';
import {exitNow} from '../../../source/os/exit-now.js';
import type {SocketSource} from '../../../source/sources/source.js';
import {trackWorker} from '../../../source/threads/live-workers.js';

const mode = process.argv[2] ?? 'prompt';
const neverAnswers: SocketSource = {
	name: 'procfs',
	read: () => {
		// The abandoned read: still busy after the cap, ignoring the abort.
		setInterval(() => {}, 1000);
		return new Promise(() => {});
	},
};
// A worker still running JavaScript when the process ends.
trackWorker(new Worker('setInterval(() => {}, 1000);', {eval: true}));
const code = await runOnce(neverAnswers, {json: false, filter: '', timeoutMs: 200}, process);
if (mode === 'prompt') await exitNow(code);
process.exitCode = code;
