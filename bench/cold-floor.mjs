// The floor of a cold `--once` on this platform (Node 20, no native addon), not of socktop's
// code: a throwaway prototype of the best pipeline we could think of, as one program, to time
// beside `ss -tunap` (docs/cold-read.md, "Eighth pass"). It imports nothing of socktop's.
//
//   node bench/cold-floor.mjs [split|worker|main|swap|swappre|swaphash] [eval|file]
//
// split (default): a worker thread is started at once and the owner walk (one readlinkSync per
//   /proc/<pid>/fd/<n>) is shared by it and the main thread, which first reads and parses
//   /proc/net/{tcp,tcp6,udp,udp6} (readSync into one preallocated buffer, scanned as bytes),
//   then helps with the walk. Work is claimed through SharedArrayBuffer counters: processes one
//   at a time, and each process's fds in slices of SLICE fds, so the two 10,000-fd holders of
//   the bench are shared too.
// worker: the whole walk on the worker; the main thread reads the tables and waits.
// main: no worker; everything on the main thread (for comparison).
// swaphash: swap, and the worker also indexes the rows' inodes on SharedArrayBuffers (no Map on
//   the main thread).
// swappre: swap, and the worker also writes each row's owner-independent part before the join.
// swap: the other way round: the worker reads and scans the tables (into SharedArrayBuffers) and
//   then helps with the walk, which the main thread starts at once.
// eval (default): the worker is CommonJS source given to `new Worker(…, {eval: true})`;
// file: the worker is this file, loaded as an ES module.
//
// Output: one line per socket, `proto state local peer pid comm` (IPv6 addresses as eight
// uncompressed groups: this is a floor, not a formatter), written as bytes with writeSync.
import {closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, writeSync} from 'node:fs';
import {isMainThread, Worker, workerData} from 'node:worker_threads';

// Control words (Int32Array on a SharedArrayBuffer).
// 0: next index into pids to claim (the walk, a self-contained string for the worker, uses the numbers)
const PIDS_DONE = 1; // processes whose fds are listed and whose slices are published
const SLICES = 2; // slices published (reserved) so far
// 3: next slice to claim
const SLICES_DONE = 4; // slices whose links are read
// 5: fds reserved so far in the shared fd arrays
const WAKE = 7; // bumped and notified by a thread whose walk ended
const ROWS = 8; // rows of the tables scanned
const TABLES_DONE = 9; // 1 once the tables are read and scanned
const HASH_DONE = 11; // 1 once the worker's inode index is made (swaphash)
const PREFIXES_DONE = 10; // 1 once the rows' owner-independent parts are written (swappre)
const CONTROL_WORDS = 12;
const MAX_ROWS = 1 << 18;
const SLICE = 256;
const MAX_FDS = 1 << 20;
const MAX_SLICES = 1 << 16;

/** The walk, run by both threads until nothing is left to claim. Self-contained (eval'd as a string). */
function walk(shared, who) {
	const fs = require_fs();
	// Tracing (CFL_TRACE): per thread, wall at start and end, slices read, thread CPU at start and end.
	const times = new Float64Array(shared.times);
	const onCpu = () =>
		shared.trace ? Number(fs.readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6 : 0;
	times[who * 8] = performance.timeOrigin + performance.now();
	times[who * 8 + 3] = onCpu();
	let read = 0;
	const control = new Int32Array(shared.control);
	const pids = new Int32Array(shared.pids);
	const fds = new Int32Array(shared.fds);
	const inodes = new Float64Array(shared.inodes);
	// Per slice: pid, first fd index, end fd index, ready flag.
	const slices = new Int32Array(shared.slices);
	const SLICE_ = shared.SLICE;
	const claimSlice = () => {
		for (;;) {
			const next = Atomics.load(control, 3);
			if (next >= Atomics.load(control, 2)) return -1;
			if (Atomics.load(slices, next * 4 + 3) === 0) continue; // being published: a few instructions away
			if (Atomics.compareExchange(control, 3, next, next + 1) === next) return next;
		}
	};
	const readSlice = (slice) => {
		const base = `/proc/${slices[slice * 4]}/fd/`;
		const end = slices[slice * 4 + 2];
		for (let j = slices[slice * 4 + 1]; j < end; j++) {
			let link;
			try {
				link = fs.readlinkSync(base + fds[j]);
			} catch {
				continue;
			}
			// "socket:[12345]"
			if (link.charCodeAt(0) === 115 && link.startsWith('socket:[')) inodes[j] = Number(link.slice(8, -1));
		}
		read++;
		Atomics.add(control, 4, 1);
	};
	for (;;) {
		const index = Atomics.add(control, 0, 1);
		if (index >= pids.length) break;
		const pid = pids[index];
		let names;
		try {
			names = fs.readdirSync(`/proc/${pid}/fd`);
		} catch {
			names = [];
		}
		if (names.length > 0) {
			const first = Atomics.add(control, 5, names.length);
			for (let i = 0; i < names.length; i++) fds[first + i] = +names[i];
			for (let start = first; start < first + names.length; start += SLICE_) {
				const slice = Atomics.add(control, 2, 1);
				slices[slice * 4] = pid;
				slices[slice * 4 + 1] = start;
				slices[slice * 4 + 2] = Math.min(start + SLICE_, first + names.length);
				Atomics.store(slices, slice * 4 + 3, 1);
			}
		}
		Atomics.add(control, 1, 1);
		// Read what is published (ours and the other thread's) before listing the next process.
		for (let slice = claimSlice(); slice >= 0; slice = claimSlice()) readSlice(slice);
	}
	for (;;) {
		const slice = claimSlice();
		if (slice >= 0) {
			readSlice(slice);
			continue;
		}
		if (Atomics.load(control, 1) >= pids.length) break; // every slice published and claimed
	}
	times[who * 8 + 1] = performance.timeOrigin + performance.now();
	times[who * 8 + 2] = read;
	times[who * 8 + 4] = onCpu();
	// Wake the other thread if it waits for our last slices.
	Atomics.add(control, 7, 1);
	Atomics.notify(control, 7);
}

/**
 * Reads /proc/net/{tcp,tcp6,udp,udp6} into shared.buffer (one readSync loop each) and scans the
 * bytes: per row, where its local address starts, its table, state and inode, into shared
 * arrays; `byInode` (if given) maps each inode to its row. Self-contained (eval'd as a string).
 */
function readTables(shared, byInode) {
	const fs = require_fs();
	const control = new Int32Array(shared.control);
	const buffer = new Uint8Array(shared.buffer);
	const lineAt = new Int32Array(shared.lineAt);
	const table = new Uint8Array(shared.table);
	const states = new Uint8Array(shared.states);
	const recInodes = new Float64Array(shared.recInodes);
	let length = 0;
	const tableEnds = [];
	for (const name of ['tcp', 'tcp6', 'udp', 'udp6']) {
		let fd;
		try {
			fd = fs.openSync(`/proc/net/${name}`, 'r');
		} catch {
			tableEnds.push(length);
			continue;
		}
		for (;;) {
			const got = fs.readSync(fd, buffer, length, buffer.length - length, null);
			if (got === 0) break;
			length += got;
		}
		fs.closeSync(fd);
		tableEnds.push(length);
	}
	const hex = (c) => (c <= 57 ? c - 48 : (c | 32) - 87);
	let count = 0;
	let at = 0;
	for (let t = 0; t < 4; t++) {
		const end = tableEnds[t];
		// Skip the header line.
		while (at < end && buffer[at] !== 10) at++;
		at++;
		const addressLength = t & 1 ? 32 : 8;
		while (at < end) {
			while (buffer[at] === 32) at++;
			while (buffer[at] !== 58) at++; // "sl:"
			at += 2;
			const local = at;
			at += (addressLength + 6) * 2; // local, ':', port, ' ', remote, ':', port, ' ' (both alike)
			const state = hex(buffer[at]) * 16 + hex(buffer[at + 1]);
			at += 2;
			// tx:rx, tr:when, retrnsmt, uid, timeout, then the inode.
			for (let field = 0; field < 6; field++) {
				while (buffer[at] === 32) at++;
				if (field === 5) break;
				while (buffer[at] !== 32) at++;
			}
			let inode = 0;
			for (let c = buffer[at]; c >= 48 && c <= 57; c = buffer[++at]) inode = inode * 10 + c - 48;
			while (buffer[at] !== 10) at++;
			at++;
			if (count === lineAt.length) throw new Error('more rows than MAX_ROWS');
			lineAt[count] = local;
			table[count] = t;
			states[count] = state;
			recInodes[count] = inode;
			if (byInode !== null && inode !== 0) byInode.set(inode, count);
			count++;
		}
	}
	Atomics.store(control, 8, count);
	Atomics.store(control, 9, 1);
	Atomics.add(control, 7, 1);
	Atomics.notify(control, 7);
}

/**
 * For `swappre`: writes every row's owner-independent part (`proto state local peer`, the same
 * bytes main() writes) into shared.pre, row r at preAt[r] .. preAt[r+1], so that after the join
 * only the owner's ` pid comm\n` is left to add. Self-contained (eval'd as a string).
 */
function formatPrefixes(shared) {
	const control = new Int32Array(shared.control);
	const buffer = new Uint8Array(shared.buffer);
	const lineAt = new Int32Array(shared.lineAt);
	const table = new Uint8Array(shared.table);
	const states = new Uint8Array(shared.states);
	const out = new Uint8Array(shared.pre);
	const preAt = new Int32Array(shared.preAt);
	const count = Atomics.load(control, 8);
	const bytes = (text) => Array.from(text, (c) => c.charCodeAt(0));
	const STATES = ['', 'ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'UNCONN']
		.concat(['CLOSE-WAIT', 'LAST-ACK', 'LISTEN', 'CLOSING'])
		.map(bytes);
	const PROTOS = ['tcp ', 'tcp ', 'udp ', 'udp '].map(bytes);
	const HEX = bytes('0123456789abcdef');
	let o = 0;
	const decimal = (value) => {
		if (value >= 10) decimal((value / 10) | 0);
		out[o++] = 48 + (value % 10);
	};
	const hex = (c) => (c <= 57 ? c - 48 : (c | 32) - 87);
	const hexAt = (p) => hex(buffer[p]) * 16 + hex(buffer[p + 1]);
	const endpoint = (p, v6) => {
		if (v6) {
			for (let w = 0; w < 4; w++) {
				const q = p + w * 8;
				const b = [hexAt(q + 6), hexAt(q + 4), hexAt(q + 2), hexAt(q)];
				for (let g = 0; g < 2; g++) {
					if (w + g > 0) out[o++] = 58;
					out[o++] = HEX[b[g * 2] >> 4];
					out[o++] = HEX[b[g * 2] & 15];
					out[o++] = HEX[b[g * 2 + 1] >> 4];
					out[o++] = HEX[b[g * 2 + 1] & 15];
				}
			}
			p += 32;
		} else {
			decimal(hexAt(p + 6));
			out[o++] = 46;
			decimal(hexAt(p + 4));
			out[o++] = 46;
			decimal(hexAt(p + 2));
			out[o++] = 46;
			decimal(hexAt(p));
			p += 8;
		}
		out[o++] = 58;
		decimal(hexAt(p + 1) * 256 + hexAt(p + 3));
	};
	for (let r = 0; r < count; r++) {
		preAt[r] = o;
		const t = table[r];
		const v6 = (t & 1) === 1;
		for (const c of PROTOS[t]) out[o++] = c;
		const state = t >= 2 ? (states[r] === 1 ? 1 : 7) : states[r];
		for (const c of STATES[state] ?? STATES[0]) out[o++] = c;
		out[o++] = 32;
		endpoint(lineAt[r], v6);
		out[o++] = 32;
		endpoint(lineAt[r] + (v6 ? 32 : 8) + 6, v6);
	}
	preAt[count] = o;
	Atomics.store(control, 10, 1);
	Atomics.add(control, 7, 1);
	Atomics.notify(control, 7);
}

/**
 * For `swaphash`: an open-addressing index of the rows' inodes on SharedArrayBuffers (keys
 * inode, values row; linear probing; 0 = empty), made by the worker after its scan so that the
 * main thread's join needs no Map. Self-contained (eval'd as a string).
 */
function indexInodes(shared) {
	const control = new Int32Array(shared.control);
	const recInodes = new Float64Array(shared.recInodes);
	const keys = new Float64Array(shared.hashKeys);
	const rows = new Int32Array(shared.hashRows);
	const mask = keys.length - 1;
	const count = Atomics.load(control, 8);
	for (let r = 0; r < count; r++) {
		const inode = recInodes[r];
		if (inode === 0) continue;
		let h = Math.imul(inode | 0, 0x9e3779b1) >>> 13;
		while (keys[h & mask] !== 0 && keys[h & mask] !== inode) h++;
		keys[h & mask] = inode;
		rows[h & mask] = r; // the last row with this inode wins, as Map.set does
	}
	Atomics.store(control, 11, 1);
	Atomics.add(control, 7, 1);
	Atomics.notify(control, 7);
}

const workerSource = () =>
	`const {workerData} = require('node:worker_threads');\nconst require_fs = () => require('node:fs');\n${walk.toString()}\n${readTables.toString()}\n${formatPrefixes.toString()}\n${indexInodes.toString()}\nif (workerData.swap) readTables(workerData, null);\nif (workerData.hash) indexInodes(workerData);\nif (workerData.prefixes) formatPrefixes(workerData);\nwalk(workerData, 1);`;

if (!isMainThread) {
	// The "file" variant: this module in the worker.
	globalThis.require_fs = () => ({readdirSync, readlinkSync, readFileSync, openSync, readSync, closeSync});
	if (workerData.swap) readTables(workerData, null);
	if (workerData.hash) indexInodes(workerData);
	if (workerData.prefixes) formatPrefixes(workerData);
	walk(workerData, 1);
} else {
	main();
}

function main() {
	// Tracing: wall (ms after the process's time origin) and main-thread CPU at each step.
	const trace = process.env.CFL_TRACE !== undefined;
	const marks = [];
	const mark = (name) => {
		if (trace)
			marks.push(
				`${name} ${performance.now().toFixed(0)} (cpu ${(Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6).toFixed(0)})`,
			);
	};
	mark('main');
	const [mode = 'split', kind = 'eval'] = process.argv.slice(2);
	globalThis.require_fs = () => ({readdirSync, readlinkSync, readFileSync, openSync, readSync, closeSync});
	const pidList = [];
	for (const name of readdirSync('/proc')) {
		const c = name.charCodeAt(0);
		if (c >= 48 && c <= 57) pidList.push(+name);
	}
	const shared = {
		control: new SharedArrayBuffer(CONTROL_WORDS * 4),
		pids: new SharedArrayBuffer(pidList.length * 4),
		fds: new SharedArrayBuffer(MAX_FDS * 4),
		inodes: new SharedArrayBuffer(MAX_FDS * 8),
		slices: new SharedArrayBuffer(MAX_SLICES * 16),
		times: new SharedArrayBuffer(16 * 8),
		buffer: new SharedArrayBuffer(16 << 20),
		lineAt: new SharedArrayBuffer(MAX_ROWS * 4),
		table: new SharedArrayBuffer(MAX_ROWS),
		states: new SharedArrayBuffer(MAX_ROWS),
		recInodes: new SharedArrayBuffer(MAX_ROWS * 8),
		swap: mode === 'swap' || mode === 'swappre' || mode === 'swaphash',
		hash: mode === 'swaphash',
		hashKeys: new SharedArrayBuffer(8 << 19),
		hashRows: new SharedArrayBuffer(4 << 19),
		prefixes: mode === 'swappre',
		pre: new SharedArrayBuffer(8 << 20),
		preAt: new SharedArrayBuffer((MAX_ROWS + 1) * 4),
		trace,
		SLICE,
	};
	new Int32Array(shared.pids).set(pidList);
	const control = new Int32Array(shared.control);
	let worker = null;
	if (mode !== 'main') {
		worker =
			kind === 'file'
				? new Worker(new URL(import.meta.url), {workerData: shared})
				: new Worker(workerSource(), {eval: true, workerData: shared});
		worker.unref();
	}
	mark('worker created');
	const byInode = new Map();

	if (shared.swap) {
		walk(shared, 0);
		mark('own walk ended');
	} else {
		readTables(shared, byInode);
		mark('tables parsed');
		if (mode !== 'worker') walk(shared, 0);
		mark('own walk ended');
	}
	const buffer = new Uint8Array(shared.buffer);
	const lineAt = new Int32Array(shared.lineAt);
	const table = new Uint8Array(shared.table);
	const states = new Uint8Array(shared.states);
	// Join: every process listed and every slice read (by either thread).
	for (;;) {
		const seen = Atomics.load(control, WAKE);
		if (
			Atomics.load(control, PIDS_DONE) >= pidList.length &&
			Atomics.load(control, SLICES_DONE) >= Atomics.load(control, SLICES) &&
			Atomics.load(control, TABLES_DONE) === 1 &&
			(!shared.prefixes || Atomics.load(control, PREFIXES_DONE) === 1) &&
			(!shared.hash || Atomics.load(control, HASH_DONE) === 1)
		)
			break;
		Atomics.wait(control, WAKE, seen, 5); // the worker notifies when its walk ends
	}

	mark('joined');
	const count = Atomics.load(control, ROWS);
	if (shared.swap && !shared.hash) {
		// The worker scanned the tables: index their inodes here.
		const recInodes = new Float64Array(shared.recInodes);
		for (let r = 0; r < count; r++) if (recInodes[r] !== 0) byInode.set(recInodes[r], r);
	}
	// Owners: the first process found holding each listed socket.
	const hashKeys = new Float64Array(shared.hashKeys);
	const hashRows = new Int32Array(shared.hashRows);
	const lookup = (inode) => {
		const mask = hashKeys.length - 1;
		for (let h = Math.imul(inode | 0, 0x9e3779b1) >>> 13; ; h++) {
			const key = hashKeys[h & mask];
			if (key === inode) return hashRows[h & mask];
			if (key === 0) return undefined;
		}
	};
	const owner = new Int32Array(count);
	const slices = new Int32Array(shared.slices);
	const inodes = new Float64Array(shared.inodes);
	const sliceCount = Atomics.load(control, SLICES);
	for (let s = 0; s < sliceCount; s++) {
		const pid = slices[s * 4];
		for (let j = slices[s * 4 + 1], end = slices[s * 4 + 2]; j < end; j++) {
			const inode = inodes[j];
			if (inode === 0) continue;
			const record = shared.hash ? lookup(inode) : byInode.get(inode);
			if (record !== undefined && owner[record] === 0) owner[record] = pid;
		}
	}

	// Output, as bytes.
	const STATES = [
		'',
		'ESTAB',
		'SYN-SENT',
		'SYN-RECV',
		'FIN-WAIT-1',
		'FIN-WAIT-2',
		'TIME-WAIT',
		'UNCONN',
		'CLOSE-WAIT',
		'LAST-ACK',
		'LISTEN',
		'CLOSING',
	].map((s) => Buffer.from(s));
	const PROTOS = ['tcp ', 'tcp ', 'udp ', 'udp '].map((s) => Buffer.from(s));
	const HEX = Buffer.from('0123456789abcdef');
	const suffixes = new Map();
	const suffix = (pid) => {
		let bytes = suffixes.get(pid);
		if (bytes === undefined) {
			let comm = '';
			if (pid !== 0) {
				try {
					comm = readFileSync(`/proc/${pid}/comm`, 'latin1').trimEnd();
				} catch {}
			}
			bytes = Buffer.from(pid === 0 ? ' - -\n' : ` ${pid} ${comm}\n`, 'latin1');
			suffixes.set(pid, bytes);
		}
		return bytes;
	};
	const out = Buffer.allocUnsafeSlow(1 << 16);
	let o = 0;
	const flush = () => {
		for (let done = 0; done < o; ) {
			try {
				done += writeSync(1, out, done, o - done);
			} catch (error) {
				if (error.code !== 'EAGAIN') throw error;
				Atomics.wait(control, 6, 0, 1); // a full non-blocking pipe: wait for the reader
			}
		}
		o = 0;
	};
	const decimal = (value) => {
		if (value >= 10) decimal((value / 10) | 0);
		out[o++] = 48 + (value % 10);
	};
	const hex = (c) => (c <= 57 ? c - 48 : (c | 32) - 87);
	const hexAt = (p) => hex(buffer[p]) * 16 + hex(buffer[p + 1]);
	const endpoint = (p, v6) => {
		if (v6) {
			// Four 32-bit words, each little-endian: group k is bytes of word k>>1.
			for (let w = 0; w < 4; w++) {
				const q = p + w * 8;
				const bytes = [hexAt(q + 6), hexAt(q + 4), hexAt(q + 2), hexAt(q)];
				for (let g = 0; g < 2; g++) {
					if (w + g > 0) out[o++] = 58;
					const hi = bytes[g * 2];
					const lo = bytes[g * 2 + 1];
					out[o++] = HEX[hi >> 4];
					out[o++] = HEX[hi & 15];
					out[o++] = HEX[lo >> 4];
					out[o++] = HEX[lo & 15];
				}
			}
			p += 32;
		} else {
			// Little-endian 32-bit word: the first octet is the last two hex digits.
			decimal(hexAt(p + 6));
			out[o++] = 46;
			decimal(hexAt(p + 4));
			out[o++] = 46;
			decimal(hexAt(p + 2));
			out[o++] = 46;
			decimal(hexAt(p));
			p += 8;
		}
		out[o++] = 58;
		decimal(hexAt(p + 1) * 256 + hexAt(p + 3));
	};
	if (shared.prefixes) {
		// The worker wrote each row's `proto state local peer`: add the owner.
		const pre = Buffer.from(shared.pre);
		const preAt = new Int32Array(shared.preAt);
		for (let r = 0; r < count; r++) {
			const tail = suffix(owner[r]);
			if (o + (preAt[r + 1] - preAt[r]) + tail.length > out.length) flush();
			o += pre.copy(out, o, preAt[r], preAt[r + 1]);
			o += tail.copy(out, o);
		}
	}
	for (let r = 0; r < (shared.prefixes ? 0 : count); r++) {
		if (o > out.length - 512) flush();
		const t = table[r];
		const v6 = (t & 1) === 1;
		PROTOS[t].copy(out, o);
		o += 4;
		const state = t >= 2 ? (states[r] === 1 ? 1 : 7) : states[r];
		const name = STATES[state] ?? STATES[0];
		name.copy(out, o);
		o += name.length;
		out[o++] = 32;
		endpoint(lineAt[r], v6);
		out[o++] = 32;
		endpoint(lineAt[r] + (v6 ? 32 : 8) + 6, v6);
		const tail = suffix(owner[r]);
		if (o + tail.length > out.length) flush();
		tail.copy(out, o);
		o += tail.length;
	}
	flush();
	mark('written');
	if (trace) {
		const times = new Float64Array(shared.times);
		const at = (t) => (t === 0 ? '-' : (t - performance.timeOrigin).toFixed(0));
		const thread = (who) =>
			`${at(times[who * 8])}–${at(times[who * 8 + 1])} ms (${times[who * 8 + 2]} slices, thread CPU ${times[who * 8 + 3].toFixed(0)}→${times[who * 8 + 4].toFixed(0)})`;
		process.stderr.write(
			`${marks.join(', ')}; main walk ${thread(0)}, worker walk ${thread(1)}; process CPU ${((process.cpuUsage().user + process.cpuUsage().system) / 1000).toFixed(0)} ms\n`,
		);
	}
	if (process.env.CFL_TRACE === 'abs') {
		const [first, last] = [marks[0], marks[marks.length - 1]].map(
			(m) => performance.timeOrigin + Number(m.split(' ').at(-3)),
		);
		process.stderr.write(`abs main ${first} written ${last}\n`);
	}
	// CFL_EXIT=really: leave at once (no 'exit' event, no wait for the worker's teardown).
	if (process.env.CFL_EXIT === 'really') process.reallyExit(0);
}
