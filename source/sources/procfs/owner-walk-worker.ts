// Worker-thread side of owner-prefetch.ts: one full walk of /proc/*/fd (fd-walk.ts), posted
// back with its arrays transferred (not copied), then the thread ends.
import {parentPort, workerData} from 'node:worker_threads';
import {walkAllFds} from './fd-walk.js';
import {nodeProcFs} from './proc-fs.js';

const {root} = workerData as {root: string};
try {
	const walk = walkAllFds(nodeProcFs, root);
	parentPort?.postMessage({walk}, [
		walk.pids.buffer,
		walk.ends.buffer,
		walk.fds.buffer,
		walk.inodes.buffer,
	] as ArrayBuffer[]);
} catch (error) {
	// /proc itself could not be listed: the source walks on its own thread and reports it.
	parentPort?.postMessage({error: String(error)});
}
