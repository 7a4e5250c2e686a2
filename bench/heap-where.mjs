// Where a heap snapshot's memory is, for issue 14: self size per (node type, name), object
// shapes (property names) by size, and the shortest retainer path of every object over
// MIN_BYTES. Take one from the real dashboard with NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2
// and `kill -USR2 PID` (main thread), then:
//   node --max-old-space-size=6000 bench/heap-where.mjs FILE.heapsnapshot [MIN_BYTES=400000]
import {readFileSync} from 'node:fs';

const [path, minArg = '400000'] = process.argv.slice(2);
if (!path) {
	process.stderr.write('usage: node bench/heap-where.mjs FILE.heapsnapshot [MIN_BYTES]\n');
	process.exit(2);
}
const snap = JSON.parse(readFileSync(path, 'utf8'));
const m = snap.snapshot.meta;
const NF = m.node_fields.length;
const EF = m.edge_fields.length;
const nTypes = m.node_types[0];
const eTypes = m.edge_types[0];
const S = snap.strings;
const fi = (f) => m.node_fields.indexOf(f);
const ei = (f) => m.edge_fields.indexOf(f);
const [T, NAME, SIZE, EC] = [fi('type'), fi('name'), fi('self_size'), fi('edge_count')];
const [ET, EN, ETO] = [ei('type'), ei('name_or_index'), ei('to_node')];
const N = snap.nodes.length / NF;
const first = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
	first[i] = e;
	e += snap.nodes[i * NF + EC] * EF;
}
first[N] = snap.edges.length;
const typeOf = (n) => nTypes[snap.nodes[n * NF + T]];
const nameOf = (n) => String(S[snap.nodes[n * NF + NAME]]);
const sizeOf = (n) => snap.nodes[n * NF + SIZE];
const desc = (n) => `${typeOf(n)} ${nameOf(n).slice(0, 50).replace(/\n/g, ' ')} (${sizeOf(n)} B)`;
const edgeName = (e) => {
	const type = eTypes[snap.edges[e + ET]];
	const value = snap.edges[e + EN];
	return type === 'element' || type === 'hidden' ? `[${value}]` : `.${S[value]}`;
};
const kb = (bytes) => `${(bytes / 1024).toFixed(0).padStart(8)} KB`;

// 1. Self size per type and name (strings by shape, digits folded).
const groups = new Map();
let total = 0;
for (let n = 0; n < N; n++) {
	let name = nameOf(n);
	name = typeOf(n).endsWith('string') ? name.replace(/\d+/g, '#').slice(0, 40) : name.slice(0, 60);
	const key = `${typeOf(n)} | ${name}`;
	const group = groups.get(key) ?? {bytes: 0, count: 0};
	group.bytes += sizeOf(n);
	group.count++;
	groups.set(key, group);
	total += sizeOf(n);
}
console.log(`self size ${(total / 1048576).toFixed(2)} MB; largest groups:`);
for (const [key, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25))
	console.log(`${kb(g.bytes)} ${String(g.count).padStart(8)} ${key}`);

// 2. Plain objects and arrays by shape (their property names), with their property and element stores.
const shapes = new Map();
for (let n = 0; n < N; n++) {
	const name = nameOf(n);
	if (typeOf(n) !== 'object' || (name !== 'Object' && name !== 'Array')) continue;
	const props = [];
	let extra = 0;
	for (let e = first[n]; e < first[n + 1]; e += EF) {
		const type = eTypes[snap.edges[e + ET]];
		const edge = S[snap.edges[e + EN]];
		if (type === 'property') props.push(edge);
		if (type === 'internal' && (edge === 'properties' || edge === 'elements'))
			extra += sizeOf(snap.edges[e + ETO] / NF);
	}
	const key = `${name} {${props.slice(0, 12).join(',')}}`;
	const shape = shapes.get(key) ?? {count: 0, bytes: 0};
	shape.count++;
	shape.bytes += sizeOf(n) + extra;
	shapes.set(key, shape);
}
console.log('\nobjects by shape (numbers held in the object are not edges: {__proto__} is numbers only):');
for (const [key, g] of [...shapes].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 15))
	console.log(`${kb(g.bytes)} ${String(g.count).padStart(8)} ${key.slice(0, 140)}`);

// 3. Retainer paths (shortest from the root, weak edges left out) of the biggest nodes.
const dist = new Int32Array(N).fill(-1);
dist[0] = 0;
const queue = [0];
for (let h = 0; h < queue.length; h++) {
	const n = queue[h];
	for (let e = first[n]; e < first[n + 1]; e += EF) {
		if (eTypes[snap.edges[e + ET]] === 'weak') continue;
		const to = snap.edges[e + ETO] / NF;
		if (dist[to] < 0) {
			dist[to] = dist[n] + 1;
			queue.push(to);
		}
	}
}
const retainers = new Array(N);
for (let n = 0; n < N; n++)
	for (let e = first[n]; e < first[n + 1]; e += EF) {
		if (eTypes[snap.edges[e + ET]] === 'weak') continue;
		const to = snap.edges[e + ETO] / NF;
		if (retainers[to] === undefined) retainers[to] = [];
		retainers[to].push(e, n);
	}
console.log(`\nretainers of every node over ${minArg} B:`);
for (let target = 0; target < N; target++) {
	if (sizeOf(target) <= Number(minArg)) continue;
	console.log(`== ${desc(target)}`);
	let n = target;
	for (let step = 0; step < 10 && n !== 0; step++) {
		const list = retainers[n];
		if (!list) break;
		let best = -1;
		let bestEdge = -1;
		for (let i = 0; i < list.length; i += 2) {
			const from = list[i + 1];
			if (dist[from] >= 0 && (best < 0 || dist[from] < dist[best])) {
				best = from;
				bestEdge = list[i];
			}
		}
		if (best < 0) break;
		console.log(`   <- ${edgeName(bestEdge)} of ${desc(best)}`);
		n = best;
	}
}
