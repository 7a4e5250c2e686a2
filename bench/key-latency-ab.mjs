// Key press → screen of the real dashboard, builds alternately (issue 14: the feed worker's
// threshold). COUNT loopback connections held; each build in tmux 120×40 (`--netns host`), Tab to
// the connections pane once the owners are drawn, then PRESSES presses of j, 0.2–0.8 s apart (a
// random phase against the 2 s polls); the time from tmux send-keys until capture-pane shows the
// pointer moved (tmux's own round trips included, the same for every build). As root:
//   unshare -n sh -c 'ip link set lo up && exec node --import tsx bench/key-latency-ab.mjs 10000 30 2 OLD/dist NEW/dist'
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
// bench/connections.ts (sharded by the open-file limit) and bench-tmux.ts: these tools run under tsx.
import {benchTmux, OUTSIDE_CI, waitForOwnersDrawn} from './bench-tmux.js';
import {holdConnections} from './connections.js';

const [countArg, pressArg, roundsArg, ...dists] = process.argv.slice(2);
const count = Number(countArg);
const tmux = benchTmux('rs-keys');
const held = await holdConnections(count, (line) => console.log(line));
const pointer = (scr) => {
	const ls = scr.split('\n');
	const i = ls.findIndex((l) => l.startsWith('>'));
	return `${i}:${ls[i] ?? ''}`;
};
const pct = (a, p) => a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];
try {
	for (let round = 0; round < Number(roundsArg); round++)
		for (const dist of dists) {
			const name = `k${round}`;
			const pid = tmux.start(name, [
				...OUTSIDE_CI,
				process.execPath,
				resolve(dist, 'cli.js'),
				'--netns',
				'host',
			]);
			const t0 = performance.now();
			const drawn = await waitForOwnersDrawn(tmux, name, count, 90_000, 100, t0);
			await sleep(3000);
			tmux.run(['send-keys', '-t', name, 'Tab']);
			await sleep(1000);
			const lat = [];
			let missed = 0;
			for (let i = 0; i < Number(pressArg); i++) {
				await sleep(200 + Math.random() * 600);
				const before = pointer(tmux.capture(name));
				const at = performance.now();
				tmux.run(['send-keys', '-t', name, 'j']);
				let done = null;
				while (performance.now() - at < 3000) {
					if (pointer(tmux.capture(name)) !== before) {
						done = performance.now() - at;
						break;
					}
				}
				if (done === null) missed++;
				else lat.push(done);
			}
			const st = readFileSync(`/proc/${pid}/status`, 'utf8');
			const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)[1]);
			tmux.run(['kill-session', '-t', name]);
			await sleep(500);
			console.log(
				`round ${round} ${dist}: owners ${drawn?.toFixed(0)} ms; ${lat.length} presses j -> screen: median ${pct(lat, 0.5).toFixed(0)} ms, p90 ${pct(lat, 0.9).toFixed(0)}, max ${Math.max(...lat).toFixed(0)}; missed ${missed}; RSS ${(kb('VmRSS') / 1024).toFixed(1)} MB peak ${(kb('VmHWM') / 1024).toFixed(1)}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
			);
		}
} finally {
	tmux.kill();
	await held.close();
}
