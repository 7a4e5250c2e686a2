// What Ink 6.8 keeps in its module-level text caches: `measureText`'s `cache` Map
// (text → {width, height}) and `wrapText`'s `cache` object (text+width+type → text).
// Neither evicts anything, so every distinct string ever laid out stays. Found from a
// heap snapshot: the closures named measureText / wrapText, their context variable
// `cache`, and the strings and objects it holds.
import {getHeapSnapshot} from 'node:v8';

interface RawSnapshot {
	readonly snapshot: {
		readonly meta: {
			readonly node_fields: string[];
			readonly node_types: [string[], ...unknown[]];
			readonly edge_fields: string[];
			readonly edge_types: [string[], ...unknown[]];
		};
	};
	readonly nodes: number[];
	readonly edges: number[];
	readonly strings: string[];
}

export interface CacheSize {
	readonly name: string;
	readonly entries: number;
	/** Shallow sizes of the table, its keys and values (cons strings followed to their parts). */
	readonly bytes: number;
}

async function takeSnapshot(): Promise<RawSnapshot> {
	const chunks: string[] = [];
	const stream = getHeapSnapshot();
	stream.setEncoding('utf8');
	for await (const chunk of stream) chunks.push(chunk as string);
	return JSON.parse(chunks.join('')) as RawSnapshot;
}

export async function inkTextCaches(): Promise<CacheSize[]> {
	const raw = await takeSnapshot();
	const {meta} = raw.snapshot;
	const nodeFields = meta.node_fields.length;
	const edgeFields = meta.edge_fields.length;
	const nodeTypes = meta.node_types[0];
	const edgeTypes = meta.edge_types[0];
	const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((field) =>
		meta.node_fields.indexOf(field),
	) as [number, number, number, number];
	const [edgeTypeAt, edgeNameAt, edgeToAt] = ['type', 'name_or_index', 'to_node'].map((field) =>
		meta.edge_fields.indexOf(field),
	) as [number, number, number];
	const {nodes, edges, strings} = raw;
	const count = nodes.length / nodeFields;
	const firstEdge = new Uint32Array(count + 1);
	for (let i = 0, edge = 0; i < count; i++) {
		firstEdge[i] = edge;
		edge += nodes[i * nodeFields + edgeCountAt]! * edgeFields;
		firstEdge[i + 1] = edge;
	}
	const type = (node: number) => nodeTypes[nodes[node * nodeFields + typeAt]!]!;
	const name = (node: number) => strings[nodes[node * nodeFields + nameAt]!]!;
	const size = (node: number) => nodes[node * nodeFields + sizeAt]!;
	function* out(node: number): Generator<{kind: string; label: string | number; to: number}> {
		for (let at = firstEdge[node]!; at < firstEdge[node + 1]!; at += edgeFields) {
			const kind = edgeTypes[edges[at + edgeTypeAt]!]!;
			const raw = edges[at + edgeNameAt]!;
			const label = kind === 'element' || kind === 'hidden' ? raw : strings[raw]!;
			yield {kind, label, to: edges[at + edgeToAt]! / nodeFields};
		}
	}
	const isString = (node: number) => /string$/.test(type(node));
	/** A string's bytes, following cons / sliced strings to their parts (each counted once). */
	const stringBytes = (node: number, seen: Set<number>): number => {
		if (seen.has(node)) return 0;
		seen.add(node);
		let total = size(node);
		if (type(node) !== 'string')
			for (const edge of out(node)) if (isString(edge.to)) total += stringBytes(edge.to, seen);
		return total;
	};

	const results: CacheSize[] = [];
	const done = new Set<number>();
	for (let node = 0; node < count; node++) {
		if (type(node) !== 'closure') continue;
		const fn = name(node);
		if (fn !== 'measureText' && fn !== 'wrapText') continue;
		const context = [...out(node)].find((edge) => edge.label === 'context')?.to;
		if (context === undefined) continue;
		const cache = [...out(context)].find((edge) => edge.kind === 'context' && edge.label === 'cache')?.to;
		if (cache === undefined || done.has(cache)) continue;
		done.add(cache);
		const seen = new Set<number>();
		let entries = 0;
		let bytes = size(cache);
		// A Map keeps its entries in `table`; a plain object in its properties / backing store.
		const stores = [...out(cache)]
			.filter((edge) => edge.label === 'table' || edge.label === 'properties')
			.map((edge) => edge.to);
		for (const store of stores) {
			bytes += size(store);
			for (const edge of out(store)) {
				if (isString(edge.to)) {
					if (type(cache) === 'object' && name(cache) === 'Map') entries++;
					bytes += stringBytes(edge.to, seen);
				} else if (type(edge.to) === 'object' && !seen.has(edge.to)) {
					seen.add(edge.to);
					bytes += size(edge.to);
				}
			}
		}
		for (const edge of out(cache))
			if (edge.kind === 'property' && isString(edge.to)) {
				entries++;
				bytes += stringBytes(edge.to, seen);
			}
		results.push({name: `${fn}() cache (${name(cache)})`, entries, bytes});
	}
	return results;
}
