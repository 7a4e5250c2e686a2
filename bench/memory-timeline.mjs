// The dashboard's VmRSS and where it is (smaps: V8 heap pages, glibc's main heap, thread
// arenas and stacks, file-backed), every second from its start through an idle window, for
// runs of one or more builds in turn, lined up with its garbage collections and the
// processes it started (bench/memory-timeline-preload.mjs, AB_TRACE=1). Why: the same idle
// dashboard at 10,000 connections sat at 105 MB in one run and 130–186 MB in another
// (docs/memory.md); one sample at the end of the window cannot say which part moved or when.
//   unshare -n sh -c 'ip link set lo up && exec node --import tsx bench/memory-timeline.mjs COUNT SECONDS ROUNDS DIST…'
// Prints one line per run with the median and maximum of each part over the window; with
// TL_OUT=PREFIX writes each run's seconds as PREFIX-ROUND-DIST.tsv (and .trace with AB_TRACE).
import {readFileSync, writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {benchTmux, OUTSIDE_CI, waitForOwnersDrawn} from './bench-tmux.js';
import {holdConnections} from './connections.js';
import {cpuTicks} from './lib.js';

const [countArg = '10000', secondsArg = '70', roundsArg = '2', ...dists] = process.argv.slice(2);
const count = Number(countArg);
const seconds = Number(secondsArg);
const rounds = Number(roundsArg);
const PRELOAD = fileURLToPath(new URL('./memory-timeline-preload.mjs', import.meta.url));
const out = process.env.TL_OUT;
const tmux = benchTmux('mm2-tl');

/** kB of VmRSS and of smaps' parts: V8's heap (anonymous, below 0x7000_0000_0000), glibc's main heap, anonymous up high (arenas, stacks), file-backed. */
export function breakdown(pid) {
	const parts = {rss: 0, v8: 0, brk: 0, high: 0, file: 0};
	let kind = null;
	let text;
	try {
		text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
	} catch {
		return null;
	}
	for (const line of text.split('\n')) {
		const head = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
		if (head) {
			const [, start, inode, name] = head;
			if (inode !== '0') kind = 'file';
			else if (name === '[heap]') kind = 'brk';
			else if (name.startsWith('['))
				kind = 'file'; // stack, vdso, vvar: small
			else kind = Number.parseInt(start, 16) < 0x7000_0000_0000 ? 'v8' : 'high';
			continue;
		}
		const rss = /^Rss:\s+(\d+)/.exec(line);
		if (rss && kind) {
			parts[kind] += Number(rss[1]);
			parts.rss += Number(rss[1]);
		}
	}
	return parts;
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
};
const mb = (kb) => (kb / 1024).toFixed(1);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const distEnv = (dist) => {
	try {
		return readFileSync(resolve(dist, 'ab-env'), 'utf8').split(/\s+/).filter(Boolean);
	} catch {
		return [];
	}
};

const held = await holdConnections(count, (line) => console.log(line));
console.log(`${count} connections held; ${seconds} s sampled from the start; load ${load()}`);
try {
	for (let round = 0; round < rounds; round++) {
		for (const [index, dist] of dists.entries()) {
			const name = `tl${round}${index}`;
			const trace = out && process.env.AB_TRACE ? `${out}-${round}-${index}.trace` : null;
			if (trace) writeFileSync(trace, '');
			const started = Date.now();
			const pid = tmux.start(name, [
				...OUTSIDE_CI,
				...distEnv(dist),
				...(trace ? [`SOCKTOP_TIMELINE=${trace}`, `NODE_OPTIONS=--import ${PRELOAD}`] : []),
				...(trace && process.env.TL_PROFILE
					? [`SOCKTOP_TIMELINE_PROFILE=${out}-${round}-${index}.cpuprofile`]
					: []),
				process.execPath,
				resolve(dist, 'cli.js'),
				'--netns',
				'host',
			]);
			const rows = [];
			let owners = null;
			const sampler = (async () => {
				while (Date.now() - started < seconds * 1000) {
					const next = started + (rows.length + 1) * 1000;
					await sleep(Math.max(0, next - Date.now()));
					const parts = breakdown(pid);
					if (parts) rows.push({t: Date.now() - started, ...parts});
				}
			})();
			owners = await waitForOwnersDrawn(tmux, name, count, seconds * 1000, 100, performance.now());
			await sleep(3000);
			const cpu0 = cpuTicks(pid);
			const cpuFrom = Date.now();
			await sampler;
			const cpu = `CPU ${cpuTicks(pid) - cpu0} ticks over the last ${((Date.now() - cpuFrom) / 1000).toFixed(0)} s`;
			tmux.run(['kill-session', '-t', name]);
			await sleep(500);
			if (out)
				writeFileSync(
					`${out}-${round}-${index}.tsv`,
					`${['t', 'rss', 'v8', 'brk', 'high', 'file'].join('\t')}\n${rows.map((r) => [r.t, r.rss, r.v8, r.brk, r.high, r.file].join('\t')).join('\n')}\n`,
				);
			// The idle window: from 3 s after the owners were drawn to the end.
			const idle = rows.filter((r) => owners !== null && r.t >= owners + 3000);
			const stat = (key) =>
				idle.length
					? `${mb(median(idle.map((r) => r[key])))}/${mb(Math.max(...idle.map((r) => r[key])))}`
					: 'n/a';
			const last = rows.at(-1) ?? {rss: 0};
			console.log(
				`round ${round} ${dist}: owners ${owners?.toFixed(0) ?? 'never'} ms; ${cpu}; RSS last ${mb(last.rss)}; idle median/max: RSS ${stat('rss')}, V8 ${stat('v8')}, brk ${stat('brk')}, high ${stat('high')}, file ${stat('file')} MB; load ${load()}`,
			);
		}
	}
} finally {
	tmux.kill();
	await held.close();
}
