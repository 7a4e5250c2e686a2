import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type MetricFamily, renderExposition} from '../../source/metrics/exposition.js';
import {DEFAULT_CAPS, exposureOf, pollFamilies, socketFamilies} from '../../source/metrics/socket-metrics.js';
import {makeRecord, type SocketState} from '../../source/model/socket-record.js';
import {rec} from '../helpers/records.js';

const family = (families: readonly MetricFamily[], name: string) => {
	const found = families.find((f) => f.name === name);
	assert.ok(found, `${name} present`);
	return found;
};
const value = (f: MetricFamily, labels: Record<string, string>) =>
	f.samples.find((s) => {
		const own = Object.fromEntries(s.labels);
		return (
			Object.entries(labels).every(([k, v]) => own[k] === v) && s.labels.length === Object.keys(labels).length
		);
	})?.value;

const conn = (
	localPort: number,
	remoteAddress: string,
	state: SocketState = 'ESTABLISHED',
	remotePort = 40000,
) => rec({localAddress: '10.0.0.1', localPort, remoteAddress, remotePort, state, pid: 5, process: 'srv'});

describe('exposureOf', () => {
	it('all interfaces, loopback (any 127.x, ::1, with a scope), or one address', () => {
		assert.deepEqual(
			['0.0.0.0', '::', '127.0.0.53', '::1', '::ffff:127.0.0.1', '10.1.2.3', 'fe80::1%eth0'].map(exposureOf),
			['all', 'all', 'loopback', 'loopback', 'loopback', 'address', 'address'],
		);
	});
});

describe('socketFamilies', () => {
	const records = [
		rec({localAddress: '0.0.0.0', localPort: 22, pid: 1, process: 'sshd'}),
		rec({localAddress: '127.0.0.1', localPort: 5432, pid: 2, process: 'postgres'}),
		rec({proto: 'udp', localAddress: '0.0.0.0', localPort: 53, state: 'UNCONN', pid: 3, process: 'dns'}),
		conn(22, '192.0.2.7'),
		conn(22, '192.0.2.7', 'TIME_WAIT'),
		conn(22, '192.0.2.8'),
		// Another user's socket without root: an inode, no owner.
		rec({localAddress: '0.0.0.0', localPort: 8080, inode: 99}),
	];
	const families = socketFamilies(records);

	it('counts listeners per proto, address, port, process and exposure; unknown owner is an empty process', () => {
		const f = family(families, 'socktop_listening_sockets');
		assert.equal(
			value(f, {proto: 'tcp', address: '0.0.0.0', port: '22', process: 'sshd', exposure: 'all'}),
			1,
		);
		assert.equal(
			value(f, {proto: 'tcp', address: '127.0.0.1', port: '5432', process: 'postgres', exposure: 'loopback'}),
			1,
		);
		assert.equal(
			value(f, {proto: 'udp', address: '0.0.0.0', port: '53', process: 'dns', exposure: 'all'}),
			1,
		);
		assert.equal(value(f, {proto: 'tcp', address: '0.0.0.0', port: '8080', process: '', exposure: 'all'}), 1);
		assert.equal(f.samples.length, 4);
	});

	it('counts connections per proto, local port and state, and per remote address', () => {
		const ports = family(families, 'socktop_connections');
		assert.equal(value(ports, {proto: 'tcp', port: '22', state: 'ESTABLISHED'}), 2);
		assert.equal(value(ports, {proto: 'tcp', port: '22', state: 'TIME_WAIT'}), 1);
		const remote = family(families, 'socktop_remote_connections');
		assert.deepEqual(
			remote.samples.map((s) => [s.labels[0]![1], s.value]),
			[
				['192.0.2.7', 2],
				['192.0.2.8', 1],
			],
		);
	});

	it('counts totals per proto and state, and the unattributed sockets', () => {
		const totals = family(families, 'socktop_sockets');
		assert.equal(value(totals, {proto: 'tcp', state: 'LISTEN'}), 3);
		assert.equal(value(totals, {proto: 'udp', state: 'UNCONN'}), 1);
		assert.equal(family(families, 'socktop_unattributed_sockets').samples[0]!.value, 1);
		assert.deepEqual(
			family(families, 'socktop_series_folded').samples.map((s) => s.value),
			[0, 0, 0],
		);
	});

	it('adds container and host labels only when known', () => {
		const inBox = makeRecord({
			proto: 'tcp',
			family: 4,
			localAddress: '0.0.0.0',
			localPort: 80,
			remoteAddress: null,
			remotePort: null,
			state: 'LISTEN',
			owners: [{pid: 9, process: 'nginx'}],
			container: 'docker:0123abcd',
			host: 'web1',
		});
		const f = family(socketFamilies([inBox, records[0]!]), 'socktop_listening_sockets');
		const labels = f.samples.map((s) => Object.fromEntries(s.labels));
		assert.deepEqual(
			labels.find((l) => l.port === '80'),
			{
				proto: 'tcp',
				address: '0.0.0.0',
				port: '80',
				process: 'nginx',
				exposure: 'all',
				host: 'web1',
				container: 'docker:0123abcd',
			},
		);
		assert.ok(!('container' in labels.find((l) => l.port === '22')!));
	});

	it('sums sockets that share every label (SO_REUSEPORT listeners, two namespaces) into one series', () => {
		const twin = rec({localAddress: '0.0.0.0', localPort: 22, pid: 1, process: 'sshd'});
		const f = family(socketFamilies([twin, twin]), 'socktop_listening_sockets');
		assert.deepEqual(f.samples, [
			{
				labels: [
					['proto', 'tcp'],
					['address', '0.0.0.0'],
					['port', '22'],
					['process', 'sshd'],
					['exposure', 'all'],
				],
				value: 2,
			},
		]);
	});
});

describe('caps: 100,000 connections never make 100,000 series', () => {
	// 100,000 clients from 100,000 addresses to one server port, plus 100,000 outgoing
	// connections from ephemeral ports, plus 1,000 listeners.
	const records = [
		rec({localAddress: '0.0.0.0', localPort: 443, pid: 1, process: 'web'}),
		...Array.from({length: 1000}, (_, i) =>
			rec({localAddress: '127.0.0.1', localPort: 20_000 + i, pid: 2, process: 'many'}),
		),
		...Array.from({length: 100_000}, (_, i) =>
			conn(443, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'ESTABLISHED', 50_000),
		),
		...Array.from({length: 100_000}, (_, i) =>
			conn(30_000 + (i % 30_000), '192.0.2.1', 'ESTABLISHED', 443 + i),
		),
	];
	const families = socketFamilies(records);
	const series = families.reduce((sum, f) => sum + f.samples.length, 0);
	const sum = (name: string) => family(families, name).samples.reduce((total, s) => total + s.value, 0);

	it('stays under the documented bound', () => {
		const bound =
			DEFAULT_CAPS.listeners +
			2 * 2 +
			(DEFAULT_CAPS.localPorts + 2) * 13 +
			DEFAULT_CAPS.remoteAddresses +
			1 +
			2 * 15 +
			4;
		assert.ok(series <= bound, `${series} series > ${bound}`);
		assert.ok(series < 1000, `${series} series`);
	});

	it('loses no socket: the other series hold the rest, and say how many label sets they fold', () => {
		assert.equal(sum('socktop_listening_sockets'), 1001);
		assert.equal(sum('socktop_connections'), 200_000);
		assert.equal(sum('socktop_remote_connections'), 200_000);
		const folded = Object.fromEntries(
			family(families, 'socktop_series_folded').samples.map((s) => [s.labels[0]![1], s.value]),
		);
		assert.deepEqual(folded, {
			socktop_listening_sockets: 1001 - DEFAULT_CAPS.listeners,
			socktop_connections: 1 + 30_000 - DEFAULT_CAPS.localPorts,
			socktop_remote_connections: 100_001 - DEFAULT_CAPS.remoteAddresses,
		});
	});

	it('keeps what matters: the exposed listener, the listening port, the busiest remote', () => {
		const listening = family(families, 'socktop_listening_sockets');
		assert.equal(
			value(listening, {proto: 'tcp', address: '0.0.0.0', port: '443', process: 'web', exposure: 'all'}),
			1,
		);
		assert.equal(
			value(listening, {
				proto: 'tcp',
				address: 'other',
				port: 'other',
				process: 'other',
				exposure: 'loopback',
			}),
			1001 - DEFAULT_CAPS.listeners,
		);
		assert.equal(
			value(family(families, 'socktop_connections'), {proto: 'tcp', port: '443', state: 'ESTABLISHED'}),
			100_000,
		);
		const remote = family(families, 'socktop_remote_connections');
		assert.deepEqual(remote.samples[0], {labels: [['remote_address', '192.0.2.1']], value: 100_000});
		assert.equal(remote.samples.at(-1)!.labels[0]![1], 'other');
	});

	it('renders as a valid exposition (no repeated label set)', () => {
		assert.doesNotThrow(() => renderExposition(families, 'openmetrics'));
	});
});

describe('pollFamilies', () => {
	it('success and duration always; counters only when given', () => {
		const once = pollFamilies({success: true, durationMs: 42});
		assert.deepEqual(
			once.map((f) => [f.name, f.samples[0]!.value]),
			[
				['socktop_poll_success', 1],
				['socktop_poll_duration_seconds', 0.042],
			],
		);
		const exporter = pollFamilies({success: false, durationMs: null, counters: {polls: 3, errors: 1}});
		assert.deepEqual(
			exporter.map((f) => [f.name, f.type, f.samples[0]!.value]),
			[
				['socktop_poll_success', 'gauge', 0],
				['socktop_polls', 'counter', 3],
				['socktop_poll_errors', 'counter', 1],
			],
		);
	});
});
