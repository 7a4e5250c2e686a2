// What grew between two heap snapshots: self sizes and counts per (node type, name), the
// largest increases first. Used on the dashboard soak's snapshots (SOCKTOP_SOAK_SNAPSHOTS=DIR,
// bench/soak-child.tsx): node bench/heap-diff.mjs DIR/soak-500.heapsnapshot DIR/soak-2000.heapsnapshot
import {readFileSync} from 'node:fs';

function summarise(path) {
	const snap = JSON.parse(readFileSync(path, 'utf8'));
	const {node_fields: fields, node_types: nodeTypes} = snap.snapshot.meta;
	const types = nodeTypes[0];
	const width = fields.length;
	const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
	const groups = new Map();
	let total = 0;
	for (let i = 0; i < snap.nodes.length; i += width) {
		const type = types[snap.nodes[i + typeAt]];
		let name = snap.strings[snap.nodes[i + nameAt]];
		// Strings by their text's shape (digits folded), code and arrays by kind.
		if (type.endsWith('string')) name = name.replace(/\d+/g, '#').slice(0, 40);
		else name = name.slice(0, 60);
		const key = `${type} | ${name}`;
		const group = groups.get(key) ?? {bytes: 0, count: 0};
		group.bytes += snap.nodes[i + sizeAt];
		group.count++;
		groups.set(key, group);
		total += snap.nodes[i + sizeAt];
	}
	return {groups, total};
}

const [fromPath, toPath, top = '30'] = process.argv.slice(2);
if (!fromPath || !toPath) {
	process.stderr.write('usage: node bench/heap-diff.mjs FROM.heapsnapshot TO.heapsnapshot [TOP]\n');
	process.exit(2);
}
const from = summarise(fromPath);
const to = summarise(toPath);
process.stdout.write(
	`self size ${(from.total / 1048576).toFixed(2)} MB → ${(to.total / 1048576).toFixed(2)} MB (${((to.total - from.total) / 1024).toFixed(0)} KB)\n`,
);
const keys = new Set([...from.groups.keys(), ...to.groups.keys()]);
const rows = [...keys].map((key) => {
	const a = from.groups.get(key) ?? {bytes: 0, count: 0};
	const b = to.groups.get(key) ?? {bytes: 0, count: 0};
	return {key, bytes: b.bytes - a.bytes, count: b.count - a.count};
});
rows.sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes));
for (const row of rows.slice(0, Number(top)))
	process.stdout.write(
		`${(row.bytes / 1024).toFixed(1).padStart(9)} KB ${String(row.count).padStart(7)}  ${row.key}\n`,
	);
