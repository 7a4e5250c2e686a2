// The dashboard's CPU per key press, builds alternately (issue 14: TurboFan off for a small
// table, threads/optimizing-compiler.ts). COUNT loopback connections held; each build in tmux
// 120×40 (`--netns host`); once the owners are drawn and 5 s more: the process's CPU over 10 s
// idle, then over PRESSES presses of j 100 ms apart (the pointer moving in the connections
// pane); the difference, per press. CPU ticks, not wall time: the shared machine's load moves
// the latency, much less the work. As root:
//   unshare -n sh -c 'ip link set lo up && exec node --import tsx bench/key-cpu-ab.mjs 1000 100 2 OLD/dist NEW/dist'
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {benchTmux, OUTSIDE_CI, waitForOwnersDrawn} from './bench-tmux.js';
import {holdConnections} from './connections.js';

const [countArg = '1000', pressArg = '100', roundsArg = '2', ...dists] = process.argv.slice(2);
const count = Number(countArg);
const presses = Number(pressArg);
const tmux = benchTmux('kc-ab');
const ticks = (pid) => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return Number(fields[11]) + Number(fields[12]);
};
const held = await holdConnections(count, (line) => console.log(line));
try {
	for (let round = 0; round < Number(roundsArg); round++)
		for (const dist of dists) {
			const name = `kc${round}`;
			const pid = tmux.start(name, [
				...OUTSIDE_CI,
				process.execPath,
				resolve(dist, 'cli.js'),
				'--netns',
				'host',
			]);
			await waitForOwnersDrawn(tmux, name, count, 90_000, 100);
			await sleep(5000);
			tmux.run(['send-keys', '-t', name, 'Tab']);
			await sleep(500);
			const idle0 = ticks(pid);
			await sleep(presses * 100);
			const idle1 = ticks(pid);
			for (let i = 0; i < presses; i++) {
				tmux.run(['send-keys', '-t', name, 'j']);
				await sleep(100);
			}
			const pressed = ticks(pid);
			tmux.run(['kill-session', '-t', name]);
			await sleep(500);
			const idle = idle1 - idle0;
			const keys = pressed - idle1;
			console.log(
				`round ${round} ${dist}: ${presses} presses ${keys} ticks, the same time idle ${idle} ticks: ${(((keys - idle) * 10) / presses).toFixed(2)} ms of CPU per press; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
			);
		}
} finally {
	tmux.kill();
	await held.close();
}
