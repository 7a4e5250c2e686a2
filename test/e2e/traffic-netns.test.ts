// The header's machine total against the kernel's own counters, with real network namespaces:
// a veth pair from this namespace to one (sd-tn-a…), a veth pair between two (a and b), and
// traffic inside a's loopback. Each link must be counted once (at its host end when it has
// one), loopback apart; and `nobody` must count the same links. Root only (ip netns add).
import assert from 'node:assert/strict';
import {readlinkSync, statSync} from 'node:fs';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {nodeNetnsFs} from '../../source/sources/procfs/netns-census.js';
import type {CountedInterface} from '../../source/sources/traffic/link-count.js';
import {createNetnsDevReader, type MachineNetDev} from '../../source/sources/traffic/netns-net-dev.js';
import {machineTotals, sampleOf} from '../../source/store/machine-rates.js';
import {runProcess} from '../helpers/netns.js';
import {NODE, NOT_LINUX} from './helpers/paths.js';
import {Child, hasCommand, uniqueToken} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/traffic/${name}`, import.meta.url));
const skip =
	NOT_LINUX ||
	(process.getuid?.() !== 0 ? 'needs root (ip netns add)' : false) ||
	((await hasCommand('ip')) ? false : 'ip (iproute2) is not installed');

// Unique per run (several runs share the machine); interface names ≤ 15 characters.
const TOKEN = uniqueToken('', 2);
const NS_A = `sd-tn-a-${TOKEN}`;
const NS_B = `sd-tn-b-${TOKEN}`;
const HOST_END = `sdh${TOKEN}`;
const A_END = `sda${TOKEN}`;
const AB_END = `sdab${TOKEN}`;
const BA_END = `sdba${TOKEN}`;
const UP = 300_000;
const ACROSS = 200_000;
const LOOP = 100_000;

/** Bytes, from `ip -s -j link show dev NAME` in NS (null: this namespace). */
async function kernelCounters(ns: string | null, name: string): Promise<{rx: number; tx: number}> {
	const done = await runProcess('ip', [...(ns ? ['-n', ns] : []), '-s', '-j', 'link', 'show', 'dev', name]);
	assert.equal(done.code, 0, done.stderr);
	const [link] = JSON.parse(done.stdout) as {stats64: {rx: {bytes: number}; tx: {bytes: number}}}[];
	return {rx: link!.stats64.rx.bytes, tx: link!.stats64.tx.bytes};
}

const byName = (netDev: MachineNetDev, name: string): CountedInterface => {
	const found = netDev.interfaces.find((line) => line.name === name);
	assert.ok(found, `${name} not read: ${netDev.interfaces.map((line) => line.id).join(' ')}`);
	return found;
};

describe('machine total from every namespace (real namespaces)', {skip}, () => {
	const children: Child[] = [];
	const namespaces: string[] = [];
	after(async () => {
		for (const child of children) await child.stop('SIGKILL');
		await runProcess('ip', ['link', 'del', HOST_END]);
		for (const ns of namespaces) await runProcess('ip', ['netns', 'del', ns]);
	});

	it('a veth to the host counts at its host end, a veth between namespaces once, loopback apart; as nobody too', async () => {
		for (const ns of [NS_A, NS_B]) {
			const made = await runProcess('ip', ['netns', 'add', ns]);
			assert.equal(made.code, 0, made.stderr);
			namespaces.push(ns);
		}
		// Link-local /30s: nothing here routes them anywhere but these veths.
		const steps = [
			['link', 'add', HOST_END, 'type', 'veth', 'peer', 'name', A_END, 'netns', NS_A],
			['addr', 'add', '169.254.47.1/30', 'dev', HOST_END],
			['link', 'set', HOST_END, 'up'],
			['-n', NS_A, 'addr', 'add', '169.254.47.2/30', 'dev', A_END],
			['-n', NS_A, 'link', 'set', A_END, 'up'],
			['-n', NS_A, 'link', 'set', 'lo', 'up'],
			['-n', NS_A, 'link', 'add', AB_END, 'type', 'veth', 'peer', 'name', BA_END, 'netns', NS_B],
			['-n', NS_A, 'addr', 'add', '169.254.47.5/30', 'dev', AB_END],
			['-n', NS_A, 'link', 'set', AB_END, 'up'],
			['-n', NS_B, 'addr', 'add', '169.254.47.6/30', 'dev', BA_END],
			['-n', NS_B, 'link', 'set', BA_END, 'up'],
			['-n', NS_B, 'link', 'set', 'lo', 'up'],
		];
		for (const step of steps) {
			const done = await runProcess('ip', step);
			assert.equal(done.code, 0, `ip ${step.join(' ')}: ${done.stderr}`);
		}
		// A process in each namespace: its /proc/<pid>/net is how the namespace is read.
		const serve = (ns: string, host: string, port: string) => {
			const child = new Child(
				'ip',
				['netns', 'exec', ns, NODE, fixture('netns-traffic.mjs'), 'serve', host, port],
				{
					stdio: ['ignore', 'pipe', 'pipe'],
				},
			);
			children.push(child);
			return child;
		};
		const inA = serve(NS_A, '169.254.47.2', '47150');
		const inB = serve(NS_B, '169.254.47.6', '47151');
		for (const child of [inA, inB])
			await waitFor('the namespace server', () => child.lines()[0] === 'ready' || undefined, {
				timeoutMs: STARTUP_MS,
			});
		const keyA = Number(/\d+/.exec(readlinkSync(`/proc/${inA.pid}/ns/net`))![0]);

		const reader = createNetnsDevReader({root: '/proc', netnsFs: nodeNetnsFs, privileged: true});
		const before = reader.read();
		assert.ok(before);
		const kernelBefore = {
			host: await kernelCounters(null, HOST_END),
			ab: await kernelCounters(NS_A, AB_END),
			loA: await kernelCounters(NS_A, 'lo'),
		};

		const traffic = async (args: string[]) => {
			const done = await runProcess(args[0]!, args.slice(1));
			assert.equal(done.code, 0, `${args.join(' ')}: ${done.stderr}`);
		};
		const script = fixture('netns-traffic.mjs');
		await traffic([NODE, script, 'send', '169.254.47.2', '47150', String(UP)]);
		await traffic([
			'ip',
			'netns',
			'exec',
			NS_A,
			NODE,
			script,
			'send',
			'169.254.47.6',
			'47151',
			String(ACROSS),
		]);
		await traffic(['ip', 'netns', 'exec', NS_A, NODE, script, 'loop', String(LOOP)]);

		const later = reader.read();
		assert.ok(later);
		const kernelAfter = {
			host: await kernelCounters(null, HOST_END),
			ab: await kernelCounters(NS_A, AB_END),
			loA: await kernelCounters(NS_A, 'lo'),
		};

		// Roles: the host end counts, a's end of it does not; one end of a–b; loopback apart.
		assert.equal(byName(later, HOST_END).role, 'counted');
		assert.equal(byName(later, A_END).role, 'peer');
		assert.deepEqual([byName(later, AB_END).role, byName(later, BA_END).role].sort(), ['counted', 'peer']);
		const loA = later.interfaces.find((line) => line.id === `${keyA}/lo`);
		assert.equal(loA?.role, 'loopback');
		assert.ok(later.namespaces >= 3, `namespaces read: ${later.namespaces}`);

		// The counters are the kernel's: between ip's reads before and after ours.
		const between = (value: number, low: number, high: number, what: string) =>
			assert.ok(value >= low && value <= high, `${what}: ${value} not in [${low}, ${high}]`);
		between(byName(later, HOST_END).txBytes, kernelBefore.host.tx, kernelAfter.host.tx, 'host end tx');
		between(byName(later, AB_END).txBytes, kernelBefore.ab.tx, kernelAfter.ab.tx, 'a–b tx');
		between(loA!.txBytes, kernelBefore.loA.tx, kernelAfter.loA.tx, 'a lo tx');

		// What the machine total adds for these links: each transfer once (plus headers and acks,
		// under 20 %), not twice as summing both ends of each veth would.
		const moved = (names: string[], role: 'counted' | 'peer' | 'any') =>
			names.reduce((sum, name) => {
				const now = byName(later, name);
				const then = byName(before, name);
				if (role !== 'any' && now.role !== role) return sum;
				return sum + (now.rxBytes - then.rxBytes) + (now.txBytes - then.txBytes);
			}, 0);
		const mine = [HOST_END, A_END, AB_END, BA_END];
		between(moved(mine, 'counted'), UP + ACROSS, (UP + ACROSS) * 1.2, 'bytes counted on the two links');
		between(moved(mine, 'any'), 2 * (UP + ACROSS), 2 * (UP + ACROSS) * 1.2, 'both ends (what is left out)');
		// And through the store's arithmetic: the loopback rate holds a's loopback transfer.
		const totals = machineTotals(sampleOf(before, 0), later, 1000);
		assert.ok(totals && totals.loopback >= LOOP, `loopback bytes ${totals?.loopback}`);
		assert.ok(kernelAfter.loA.tx - kernelBefore.loA.tx >= LOOP);

		// Not root: the same namespaces are read (any user may read /proc/<pid>/net/dev), the same
		// links counted.
		if (await hasCommand('runuser')) {
			const asNobody = await runProcess('runuser', [
				'-u',
				'nobody',
				'--',
				NODE,
				'--import',
				'tsx',
				fixture('print-links.ts'),
			]);
			assert.equal(asNobody.code, 0, asNobody.stderr);
			const seen = JSON.parse(asNobody.stdout) as MachineNetDev;
			assert.equal(byName(seen, HOST_END).role, 'counted');
			assert.equal(byName(seen, A_END).role, 'peer');
			assert.deepEqual([byName(seen, AB_END).role, byName(seen, BA_END).role].sort(), ['counted', 'peer']);
			const keyAsNobody = statSync(`/proc/${inA.pid}/net/tcp`).ino;
			assert.equal(seen.interfaces.find((line) => line.id === `${keyAsNobody}/lo`)?.role, 'loopback');
		}
	});
});
