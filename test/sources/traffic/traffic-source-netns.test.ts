// Other network namespaces' counters: as root, a full read also runs `nsenter --net=… ss` in each
// namespace with a process (argv only), and says which namespaces it read; a namespace whose read
// fails is left out. The idle probe sums their segment counters with socktop's own.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {SourceError} from '../../../source/sources/source.js';
import {createTrafficSource} from '../../../source/sources/traffic/traffic-source.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/traffic/${name}`, import.meta.url), 'utf8');

const SNMP = fixture('proc-net-snmp.txt');

function fakeProc(t: {after: (fn: () => void) => void}) {
	const root = mkdtempSync(join(tmpdir(), 'socktop-traffic-netns-'));
	t.after(() => rmSync(root, {recursive: true, force: true}));
	mkdirSync(join(root, 'net'));
	writeFileSync(join(root, 'net', 'snmp'), SNMP);
	for (const pid of ['41', '42']) {
		mkdirSync(join(root, pid, 'net'), {recursive: true});
		writeFileSync(join(root, pid, 'net', 'snmp'), SNMP);
	}
	return root;
}

/** SNMP with the Tcp InSegs counter one higher. */
function withOneMoreInSeg(text: string): string {
	const lines = text.split('\n');
	const names = lines.findIndex((line) => line.startsWith('Tcp: RtoAlgorithm'));
	const at = lines[names]!.split(' ').indexOf('InSegs');
	const values = lines[names + 1]!.split(' ');
	values[at] = String(Number(values[at]) + 1);
	lines[names + 1] = values.join(' ');
	return lines.join('\n');
}

describe('traffic source: other network namespaces', () => {
	it('reads each other namespace through nsenter on a full read, and names the ones it read', async (t) => {
		const root = fakeProc(t);
		const calls: string[][] = [];
		const source = createTrafficSource({
			procRoot: root,
			readNetDev: () => null,
			privileged: true,
			otherNamespaces: () => [
				{key: 4026532001, pid: 41},
				{key: 4026532002, pid: 42},
			],
			run: async (file, args) => {
				calls.push([file, ...args]);
				if (file === 'nsenter' && args[0]?.includes('/42/')) throw new SourceError('EXIT', 'gone');
				return file === 'ss' ? '' : fixture('ss-tainHOe.txt');
			},
		});
		const reading = await source.read(new AbortController().signal, 'all');
		assert.deepEqual(calls[1], ['nsenter', `--net=${root}/41/ns/net`, 'ss', '-tainHOe']);
		assert.equal(calls.length, 3);
		assert.deepEqual(reading.netnsRead, [4026532001]);
		assert.ok(reading.sockets.length > 0, 'the namespace read gave its sockets');
		// A visible-rows read is socktop's own namespace only.
		calls.length = 0;
		const visible = await source.read(new AbortController().signal, []);
		assert.deepEqual(
			calls.map((call) => call[0]),
			['ss'],
		);
		assert.deepEqual(visible.netnsRead, []);
	});

	it('the probe sums the other namespaces segments with its own', async (t) => {
		const root = fakeProc(t);
		const make = (others: number) =>
			createTrafficSource({
				procRoot: root,
				readNetDev: () => null,
				privileged: true,
				otherNamespaces: () => [{key: 1, pid: 41}].slice(0, others),
				run: async () => '',
			});
		const own = (await make(0).probe!()).segments!;
		const both = (await make(1).probe!()).segments!;
		assert.equal(both.inSegs, own.inSegs * 2);
		assert.equal(both.outSegs, own.outSegs * 2);
	});
	it('a namespace whose TCP moved no segment is not read again: its last counters stand', async (t) => {
		const root = fakeProc(t);
		let spawns = 0;
		const source = createTrafficSource({
			procRoot: root,
			readNetDev: () => null,
			privileged: true,
			otherNamespaces: () => [{key: 7, pid: 41}],
			run: async (file) => {
				if (file !== 'nsenter') return '';
				spawns++;
				return fixture('ss-tainHOe.txt');
			},
		});
		const signal = new AbortController().signal;
		const first = await source.read(signal, 'all');
		const second = await source.read(signal, 'all');
		assert.equal(spawns, 1);
		assert.deepEqual(second.sockets, first.sockets);
		assert.deepEqual(second.netnsRead, [7]);
		// One more segment received in that namespace: read again.
		writeFileSync(join(root, '41', 'net', 'snmp'), withOneMoreInSeg(SNMP));
		await source.read(signal, 'all');
		assert.equal(spawns, 2);
	});
});
