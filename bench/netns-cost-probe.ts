// What the namespace census and one read of each namespace's tables cost on this machine now
// (docs/namespaces.md): node --import tsx bench/netns-cost-probe.mts
import {createCensus, nodeNetnsFs} from '../source/sources/procfs/netns-census.js';
import {nodeProcFs} from '../source/sources/procfs/proc-fs.js';

const census = createCensus({root: '/proc', fs: nodeNetnsFs, privileged: process.geteuid!() === 0});
let t = performance.now();
const taken = census.take();
const censusMs = performance.now() - t;
const costs: number[] = [];
for (const ns of taken.namespaces.values()) {
	const pid = ns.pids[0]!;
	t = performance.now();
	for (const f of ['tcp', 'tcp6', 'udp', 'udp6'])
		await nodeProcFs.readFile(`/proc/${pid}/net/${f}`).catch(() => '');
	costs.push(performance.now() - t);
}
t = performance.now();
let lines = 0;
for (const f of ['tcp', 'tcp6', 'udp', 'udp6'])
	lines += (await nodeProcFs.readFile(`/proc/self/net/${f}`)).split('\n').length;
const hostMs = performance.now() - t;
costs.sort((a, b) => a - b);
console.log(
	JSON.stringify({
		pids: [...taken.namespaces.values()].reduce((n, ns) => n + ns.pids.length, 0),
		namespaces: taken.namespaces.size,
		censusMs: +censusMs.toFixed(2),
		nsReadMs: {
			min: +costs[0]!.toFixed(2),
			median: +costs[costs.length >> 1]!.toFixed(2),
			max: +costs.at(-1)!.toFixed(2),
		},
		hostLines: lines,
		hostMs: +hostMs.toFixed(2),
	}),
);
