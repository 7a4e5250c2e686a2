// A busy poll is a probe, then a read: the read used to read every namespace's net/dev and the
// other namespaces' /proc/<pid>/net/snmp again, a moment after the probe had. Now the read
// takes what the probe of its poll read (once: a later read without a probe reads its own).
// The reads are counted through the injected files and interface reader.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import type {MachineNetDev} from '../../../source/sources/traffic/netns-net-dev.js';
import {createTrafficSource} from '../../../source/sources/traffic/traffic-source.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/traffic/${name}`, import.meta.url), 'utf8');
const SNMP = fixture('proc-net-snmp.txt');

function counted() {
	const reads = new Map<string, number>();
	let netDevReads = 0;
	let time = 1000;
	const netDev = {interfaces: []} as unknown as MachineNetDev;
	const source = createTrafficSource({
		procRoot: '/fake-proc',
		privileged: true,
		now: () => time++,
		readText: async (path) => {
			reads.set(path, (reads.get(path) ?? 0) + 1);
			if (path.endsWith('/net/snmp')) return SNMP;
			throw new Error(`ENOENT ${path}`);
		},
		readNetDev: () => {
			netDevReads++;
			return netDev;
		},
		otherNamespaces: () => [
			{key: 4026532001, pid: 41},
			{key: 4026532002, pid: 42},
		],
		run: async (file) => (file === 'ss' ? '' : fixture('ss-tainHOe.txt')),
	});
	const snmpReads = () =>
		[...reads].filter(([path]) => path.endsWith('/net/snmp')).reduce((sum, [, n]) => sum + n, 0);
	return {source, snmpReads, netDevReads: () => netDevReads, netDev};
}

describe('traffic source: the read after a probe', () => {
	it('reuses the probe’s net/dev and per-namespace snmp of the same poll', async () => {
		const {source, snmpReads, netDevReads, netDev} = counted();
		const probe = await source.probe!();
		assert.equal(netDevReads(), 1);
		assert.equal(snmpReads(), 3, 'its own snmp and the two namespaces');
		const reading = await source.read(new AbortController().signal, 'all');
		assert.equal(netDevReads(), 1, 'net/dev not read again');
		assert.equal(snmpReads(), 3, 'no namespace snmp read again');
		assert.equal(reading.netDev, netDev);
		assert.equal(reading.netDev, probe.netDev);
		assert.deepEqual(reading.netnsRead, [4026532001, 4026532002]);
	});

	it('takes it once: a read with no probe before it reads its own', async () => {
		const {source, snmpReads, netDevReads} = counted();
		await source.probe!();
		await source.read(new AbortController().signal, 'all');
		await source.read(new AbortController().signal, 'all');
		assert.equal(netDevReads(), 2);
		assert.equal(snmpReads(), 3 + 2);
	});
});
