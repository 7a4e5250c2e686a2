import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {parseTcpSnmp, sameSegments} from '../../../source/sources/traffic/parse-tcp-snmp.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/traffic/${name}`, import.meta.url), 'utf8');

describe('parseTcpSnmp (/proc/net/snmp)', () => {
	it('reads InSegs, OutSegs and RetransSegs of the Tcp pair (kernel 6.18 capture)', () => {
		assert.deepEqual(parseTcpSnmp(fixture('proc-net-snmp.txt')), {
			inSegs: 18_924_765,
			outSegs: 18_604_788,
			retransSegs: 283_967,
		});
	});

	it('null without the three counters, with a short value line, or with non-numbers', () => {
		assert.equal(parseTcpSnmp(''), null);
		assert.equal(parseTcpSnmp('Tcp: InSegs OutSegs\nTcp: 1 2\n'), null);
		assert.equal(parseTcpSnmp('Tcp: InSegs OutSegs RetransSegs\nTcp: 1 2\n'), null);
		assert.equal(parseTcpSnmp('Tcp: InSegs OutSegs RetransSegs\nTcp: 1 x 3\n'), null);
		// The Udp pair has no such names.
		assert.equal(parseTcpSnmp('Udp: InDatagrams OutDatagrams\nUdp: 5 6\n'), null);
	});

	it('sameSegments: any of the three moving is a change', () => {
		const a = {inSegs: 1, outSegs: 2, retransSegs: 3};
		assert.ok(sameSegments(a, {...a}));
		assert.ok(!sameSegments(a, {...a, inSegs: 2}));
		assert.ok(!sameSegments(a, {...a, outSegs: 3}));
		assert.ok(!sameSegments(a, {...a, retransSegs: 4}));
	});
});
