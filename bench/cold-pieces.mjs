// The pieces of a cold read, each done the ways procfs-source.ts could do them, for
// docs/cold-read.md. Reads this machine's /proc as it is (hold connections first, e.g.
// `node --import tsx bench/load.ts 10000 0 0 300`), 5 rounds, wall and process CPU per way:
//   node bench/cold-pieces.mjs
import {closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync} from 'node:fs';
import {readdir, readFile, readlink} from 'node:fs/promises';
import {performance} from 'node:perf_hooks';

const TABLES = ['tcp', 'tcp6', 'udp', 'udp6'].map((name) => `/proc/net/${name}`);
const pids = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name));

function walkSync() {
	let sockets = 0;
	for (const pid of pids()) {
		let names;
		try {
			names = readdirSync(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		const base = `/proc/${pid}/fd/`;
		for (const name of names) {
			try {
				if (readlinkSync(base + name).startsWith('socket:[')) sockets++;
			} catch {}
		}
	}
	return sockets;
}

/** What the walk did before: fs.promises, 64 calls in flight. */
async function walkAsync() {
	let sockets = 0;
	const links = [];
	for (const pid of pids()) {
		const names = await readdir(`/proc/${pid}/fd`).catch(() => []);
		for (const name of names) links.push(`/proc/${pid}/fd/${name}`);
	}
	let next = 0;
	const worker = async () => {
		while (next < links.length) {
			const link = await readlink(links[next++]).catch(() => '');
			if (link.startsWith('socket:[')) sockets++;
		}
	};
	await Promise.all(Array.from({length: 64}, worker));
	return sockets;
}

function readBigSync(path) {
	const fd = openSync(path, 'r');
	try {
		const chunks = [];
		for (;;) {
			const chunk = Buffer.allocUnsafe(1 << 20);
			let length = 0;
			for (let read = -1; read !== 0 && length < chunk.length; length += read)
				read = readSync(fd, chunk, length, chunk.length - length, null);
			chunks.push(chunk.subarray(0, length));
			if (length < chunk.length) break;
		}
		return Buffer.concat(chunks).toString('utf8');
	} catch {
		return '';
	} finally {
		closeSync(fd);
	}
}

const ways = {
	'owner walk, readlinkSync': walkSync,
	'owner walk, fs.promises (64 in flight)': walkAsync,
	'4 tables, fs.promises.readFile side by side': () =>
		Promise.all(TABLES.map((path) => readFile(path, 'utf8').catch(() => ''))),
	'4 tables, readFileSync': () =>
		TABLES.map((path) => {
			try {
				return readFileSync(path, 'utf8');
			} catch {
				return '';
			}
		}),
	'4 tables, readSync into 1 MB buffers': () => TABLES.map(readBigSync),
};

const results = Object.fromEntries(Object.keys(ways).map((name) => [name, []]));
for (let round = 0; round < 5; round++) {
	for (const [name, way] of Object.entries(ways)) {
		const cpu = process.cpuUsage();
		const started = performance.now();
		await way();
		const wall = performance.now() - started;
		const used = process.cpuUsage(cpu);
		results[name].push({wall, cpu: (used.user + used.system) / 1000});
	}
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`${walkSync()} socket fds; medians of 5 rounds (all rounds: wall/CPU ms)`);
for (const [name, runs] of Object.entries(results))
	console.log(
		`  ${name.padEnd(46)} wall ${median(runs.map((r) => r.wall))
			.toFixed(0)
			.padStart(5)} ms  CPU ${median(runs.map((r) => r.cpu))
			.toFixed(0)
			.padStart(5)} ms   (${runs.map((r) => `${r.wall.toFixed(0)}/${r.cpu.toFixed(0)}`).join(' ')})`,
	);
