// Worker-thread side of owner-prefetch.ts: lists every fd directory (fd-walk.ts), posts the
// listing (its arrays are SharedArrayBuffers: shared, not copied), then reads link slices
// until none is left, sharing them with the main thread once it has parsed the tables, and
// says when it is done.
import {parentPort, workerData} from 'node:worker_threads';
import {listAllFds, readFdSlices} from './fd-walk.js';
import {nodeProcFs} from './proc-fs.js';

const {root} = workerData as {root: string};
try {
	const listing = listAllFds(nodeProcFs, root, undefined, true);
	parentPort?.postMessage({listing});
	readFdSlices(nodeProcFs, root, listing);
	parentPort?.postMessage({done: true});
} catch (error) {
	// /proc itself could not be listed: the source walks on its own thread and reports it.
	parentPort?.postMessage({error: String(error)});
}
