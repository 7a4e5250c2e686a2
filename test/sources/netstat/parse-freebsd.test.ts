import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {makeRecord} from '../../../source/model/socket-record.js';
import {
	FREEBSD_NO_OWNER_WARNING,
	parseFreebsdNetstat,
} from '../../../source/sources/netstat/parse-freebsd.js';
import {fixture, only} from './fixture.js';

describe('parseFreebsdNetstat', () => {
	test('netstat -an: Internet section read, UNIX section ignored', () => {
		const parse = parseFreebsdNetstat(fixture('freebsd/an-freebsd12.txt'));
		assert.equal(parse.records.length, 6);
		assert.equal(parse.skipped, 0);
		assert.equal(parse.unattributed, 0);
		assert.deepEqual(parse.warnings, [FREEBSD_NO_OWNER_WARNING]);
		assert.deepEqual(
			only(parse.records, {localPort: 22, state: 'ESTABLISHED'}),
			makeRecord({
				proto: 'tcp',
				family: 4,
				localAddress: '192.168.71.163',
				localPort: 22,
				remoteAddress: '192.168.71.1',
				remotePort: 56321,
				state: 'ESTABLISHED',
			}),
		);
		const udp6 = only(parse.records, {proto: 'udp', family: 6});
		assert.deepEqual(
			[udp6.localAddress, udp6.localPort, udp6.remoteAddress, udp6.state, udp6.pid],
			['::', 514, null, 'UNCONN', null],
		);
	});

	test('columns are found by name: -A adds Tcpcb in front, -P adds Log ID after', () => {
		const withExtras = parseFreebsdNetstat(fixture('freebsd/AanP-freebsd12.txt'));
		const plain = parseFreebsdNetstat(fixture('freebsd/an-freebsd12.txt'));
		assert.equal(withExtras.skipped, 0);
		assert.deepEqual(
			withExtras.records.map((record) => [
				record.proto,
				record.family,
				record.localAddress,
				record.localPort,
			]),
			plain.records.map((record) => [record.proto, record.family, record.localAddress, record.localPort]),
		);
	});

	test('grepped lines without a header; tcp46 and scoped link-local listeners', () => {
		const parse = parseFreebsdNetstat(fixture('freebsd/an-p-tcp-grep-listen.txt'));
		assert.equal(parse.records.length, 10);
		assert.equal(parse.skipped, 0);
		const dual = only(parse.records, {localPort: 143});
		assert.deepEqual([dual.family, dual.localAddress], [6, '::']);
		const scoped = only(parse.records, {localAddress: 'fe80::1%lo0'});
		assert.deepEqual([scoped.family, scoped.localPort, scoped.state], [6, 53, 'LISTEN']);
	});

	test('no warning about owners when there are no sockets at all', () => {
		assert.deepEqual(parseFreebsdNetstat('').warnings, []);
	});
});
