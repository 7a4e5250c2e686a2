// Property tests of the traffic parsers, like fuzz-input.test.ts does for the netstat and
// /proc/net ones: any input gives a result, never an exception; good lines survive junk.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parseNetDev} from '../../source/sources/traffic/parse-net-dev.js';
import {parseSsTcp} from '../../source/sources/traffic/parse-ss-tcp.js';
import {parseTcpExt} from '../../source/sources/traffic/parse-tcp-ext.js';
import {parseTcpSnmp} from '../../source/sources/traffic/parse-tcp-snmp.js';

const hostile = fc.oneof(
	fc.string(),
	fc.string({unit: 'binary'}),
	fc.constantFrom(
		'ino:',
		'ino:-1',
		'bytes_sent:1e99',
		'bytes_received:99999999999999999999999',
		'\t',
		' <->',
	),
	fc.string({minLength: 2000, maxLength: 6000}),
);
const fixture = (name: string) =>
	readFileSync(new URL(`../fixtures/traffic/${name}`, import.meta.url), 'utf8');

describe('traffic parsers under random input', () => {
	it('never throw; counters are safe non-negative integers or null', () => {
		fc.assert(
			fc.property(fc.array(hostile, {maxLength: 20}), (lines) => {
				const text = lines.join('\n');
				const result = parseSsTcp(text);
				for (const socket of result.sockets) {
					assert.ok(Number.isSafeInteger(socket.inode) && socket.inode > 0);
					for (const value of [socket.bytesSent, socket.bytesReceived])
						assert.ok(value === null || (Number.isSafeInteger(value) && value >= 0));
				}
				parseNetDev(text);
				parseTcpExt(text);
				parseTcpSnmp(text);
			}),
			{numRuns: 300},
		);
	});

	it('keeps every good one-line socket whatever junk lies between them', () => {
		const good = fixture('ss-tainHOe.txt').split('\n');
		const expected = parseSsTcp(good.join('\n')).sockets.length;
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(good.length), hostile), {maxLength: 10}), (insertions) => {
				const lines = [...good];
				// Junk that starts a line of its own (a leading blank would continue a socket).
				for (const [at, junk] of insertions) lines.splice(at, 0, `x${junk.replace(/\n/g, ' ')}`);
				assert.ok(parseSsTcp(lines.join('\n')).sockets.length >= expected);
			}),
			{numRuns: 100},
		);
	});

	it('truncating real output anywhere never throws and loses at most the cut socket', () => {
		const text = fixture('ss-tainHe.txt');
		const total = parseSsTcp(text).sockets.length;
		fc.assert(
			fc.property(fc.nat(text.length), (cut) => {
				assert.ok(parseSsTcp(text.slice(0, cut)).sockets.length <= total);
			}),
			{numRuns: 200},
		);
	});
});
