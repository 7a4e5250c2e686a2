// Builds of the dashboard side by side, alternately, at one connection count: their VmRSS
// (and RssAnon, VmHWM) after the first useful frame and an idle window, in tmux 120×40.
// For comparing a change's memory with the build before it in the same minutes (issue 14):
//   unshare -n sh -c 'ip link set lo up && exec node --import tsx bench/memory-ab.mjs COUNT IDLE_S ROUNDS DIST…'
// where each DIST is a built dist/ directory (a copy of the old one, and ./dist). As root in
// its own network namespace, so the table holds the held connections only (and AB_CHURN's).
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import {resolve} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
// bench/connections.ts (sharded by the open-file limit) and bench-tmux.ts: these tools run under tsx.
import {benchTmux, OUTSIDE_CI, waitForOwnersDrawn} from './bench-tmux.js';
import {holdConnections} from './connections.js';
import {cpuTicks} from './lib.js';

const [countArg = '1000', idleArg = '30', roundsArg = '2', ...dists] = process.argv.slice(2);
const count = Number(countArg);
const idleS = Number(idleArg);
const rounds = Number(roundsArg);

// AB_PROBE=1: with bench/memory-probe.mjs loaded (a full GC every second, so RSS is not the
// plain run's), each thread's V8 heap at the end of the idle window.
const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));
const probeBase = (round, dist) => `/tmp/sm-ab-probe-${process.pid}-${round}-${dists.indexOf(dist)}`;
function printProbe(base) {
	for (const file of readdirSync('/tmp').filter((name) => `/tmp/${name}`.startsWith(`${base}.`))) {
		let sample;
		try {
			sample = JSON.parse(readFileSync(`/tmp/${file}`, 'utf8'));
		} catch {
			continue; // caught mid-write
		}
		const space = (name) => sample.spaces[name];
		console.log(
			`  ${sample.thread}: V8 heap ${sample.heapUsedMb.toFixed(1)} MB live of ${sample.heapTotalMb.toFixed(1)} MB committed (young ${space('new_space').committedMb.toFixed(1)}, old ${space('old_space').usedMb.toFixed(1)}/${space('old_space').committedMb.toFixed(1)}, large objects ${space('large_object_space').usedMb.toFixed(1)}); external ${sample.externalMb.toFixed(1)} MB; process RSS ${(sample.status.VmRSS / 1024).toFixed(1)} MB (anon ${(sample.status.RssAnon / 1024).toFixed(1)})`,
		);
		rmSync(`/tmp/${file}`, {force: true});
	}
}

const tmux = benchTmux('sm-ab');

function distEnv(dist) {
	try {
		return readFileSync(resolve(dist, 'ab-env'), 'utf8').split(/\s+/).filter(Boolean);
	} catch {
		return [];
	}
}

function status(pid) {
	const out = {};
	try {
		for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
			const match = /^(VmRSS|VmHWM|RssAnon|RssFile|Threads):\s+(\d+)/.exec(line);
			if (match) out[match[1]] = Number(match[2]);
		}
	} catch {}
	return out;
}

const held = await holdConnections(count, (line) => console.log(line));
// AB_CHURN=RATE: bench/churn-child.mjs opens RATE connections a second beside the held ones, so
// the table's text changes on every poll while nearly every socket stays the same (a server's
// usual day; held connections alone give the same text poll after poll).
let churn = null;
if (Number(process.env.AB_CHURN) > 0) {
	const {spawn} = await import('node:child_process');
	churn = spawn(
		process.execPath,
		[fileURLToPath(new URL('./churn-child.mjs', import.meta.url)), process.env.AB_CHURN, '3600'],
		{stdio: ['pipe', 'ignore', 'ignore']},
	);
}
console.log(
	`${count} connections held; idle ${idleS} s; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`,
);
try {
	for (let round = 0; round < rounds; round++) {
		for (const dist of dists) {
			const cli = resolve(dist, 'cli.js');
			const name = `ab${round}`;
			const started = performance.now();
			const pid = tmux.start(name, [
				...OUTSIDE_CI,
				// A variant's environment (e.g. MALLOC_ARENA_MAX=1): the words of DIST/ab-env, if any.
				...distEnv(dist),
				...(process.env.AB_PROBE
					? [`SOCKTOP_MEMORY_PROBE=${probeBase(round, dist)}`, `NODE_OPTIONS=--import ${PROBE}`]
					: []),
				process.execPath,
				cli,
				'--netns',
				'host',
			]);
			const frameMs = await waitForOwnersDrawn(tmux, name, count, 60_000, 50, started);
			const cpu0 = cpuTicks(pid);
			await sleep(idleS * 1000);
			const s = status(pid);
			if (process.env.AB_SMAPS) {
				const {writeFileSync} = await import('node:fs');
				try {
					writeFileSync(
						`${process.env.AB_SMAPS}-${round}-${dists.indexOf(dist)}.txt`,
						readFileSync(`/proc/${pid}/smaps`),
					);
				} catch {
					// the dashboard is gone (its line below says so)
				}
			}
			const cpu = cpuTicks(pid) - cpu0;
			if (process.env.AB_PROBE) printProbe(probeBase(round, dist));
			const cpuWindowS = Number(process.env.AB_CPU_S ?? 0);
			let later = '';
			if (cpuWindowS > 0) {
				const before = cpuTicks(pid);
				await sleep(cpuWindowS * 1000);
				later = `; then ${cpuWindowS} s: CPU ${cpuTicks(pid) - before} ticks, RSS ${(status(pid).VmRSS / 1024).toFixed(1)} MB`;
			}
			const screen = tmux.capture(name);
			tmux.run(['kill-session', '-t', name]);
			await sleep(500);
			const mb = (kb) => (kb / 1024).toFixed(1);
			console.log(
				`round ${round} ${dist}: owners drawn ${frameMs?.toFixed(0) ?? 'never'} ms; after ${idleS} s RSS ${mb(s.VmRSS)} MB (anon ${mb(s.RssAnon)}, file ${mb(s.RssFile)}, peak ${mb(s.VmHWM)}), ${s.Threads} threads, CPU ${cpu} ticks${later}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
			);
			if (process.env.AB_SCREEN) console.log(screen);
		}
	}
} finally {
	churn?.kill();
	tmux.kill();
	await held.close();
}
