import assert from 'node:assert/strict';
import * as net from 'node:net';
import {describe, it} from 'node:test';
import {isIP, isIPv4, isIPv6} from '../../source/model/ip-literal.js';

// ip-literal.ts copies node:net's expressions so that node:net need not be loaded: here it is
// held to node:net's answers on literals of every shape, good and bad.
const SAMPLES = [
	'127.0.0.1',
	'0.0.0.0',
	'255.255.255.255',
	'256.1.1.1',
	'1.2.3',
	'1.2.3.4.5',
	'01.2.3.4',
	'1.2.3.04',
	' 1.2.3.4',
	'1.2.3.4 ',
	'1.2.3.4/24',
	'',
	'::',
	'::1',
	'::ffff:127.0.0.1',
	'::ffff:256.0.0.1',
	'fe80::1%eth0',
	'fe80::1%',
	'2001:db8::1',
	'2001:DB8:0:0:0:0:0:1',
	'2001:db8:0:0:0:0:0:0:1',
	'2001:db8:::1',
	'1:2:3:4:5:6:7::',
	'1:2:3:4:5:6:1.2.3.4',
	'1::2::3',
	'12345::1',
	'g::1',
	'[::1]',
	'localhost',
	'example.com',
	'1e3',
	'0x7f.0.0.1',
];

/** Every sample, and each with one character dropped or doubled: near misses of every form. */
function variants(): string[] {
	const out = new Set<string>(SAMPLES);
	for (const sample of SAMPLES)
		for (let i = 0; i < sample.length; i++) {
			out.add(sample.slice(0, i) + sample.slice(i + 1));
			out.add(sample.slice(0, i + 1) + sample.slice(i));
		}
	return [...out];
}

describe('ip-literal: node:net without loading it', () => {
	it('answers as node:net does', () => {
		const all = variants();
		assert.ok(all.length > 500, `${all.length} literals`);
		let v4 = 0;
		let v6 = 0;
		for (const text of all) {
			assert.equal(isIPv4(text), net.isIPv4(text), `isIPv4(${JSON.stringify(text)})`);
			assert.equal(isIPv6(text), net.isIPv6(text), `isIPv6(${JSON.stringify(text)})`);
			assert.equal(isIP(text), net.isIP(text), `isIP(${JSON.stringify(text)})`);
			if (isIP(text) === 4) v4++;
			if (isIP(text) === 6) v6++;
		}
		// Both kinds were seen valid, not only rejected.
		assert.ok(v4 > 5 && v6 > 20, `${v4} IPv4 and ${v6} IPv6 literals`);
	});
});
