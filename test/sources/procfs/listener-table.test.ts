// The wait's cheap read: TCP tables read only up to the first line that is not a listener.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, test} from 'node:test';
import {createListenerReader} from '../../../source/sources/procfs/listener-table.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/procfs/${name}`, import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'swt-listeners-'));
after(() => rmSync(dir, {recursive: true, force: true}));

// real-tcp.txt: header, one listener (127.0.0.1:37735), three established lines. A LISTEN line
// after them cannot come from the kernel (listeners are printed first): the reader never gets
// there, which is what a stop at the first connection means.
const real = fixture('real-tcp.txt').trimEnd().split('\n');
const late = real[1]!.replace(/^(\s*)\d+:(\s+)0100007F:[0-9A-F]{4}/, '$1 9:$20100007F:61A8');
writeFileSync(join(dir, 'tcp'), `${[...real, late].join('\n')}\n`);
writeFileSync(join(dir, 'tcp6'), fixture('real-tcp6.txt'));
writeFileSync(join(dir, 'udp'), fixture('real-udp.txt'));
writeFileSync(join(dir, 'udp6'), fixture('real-udp6.txt'));

test('TCP: the listeners of both tables, nothing past the first connection', () => {
	const {entries} = createListenerReader({dir}).read('tcp');
	assert.deepEqual(
		entries.map((e) => `${e.family} ${e.localAddress} ${e.localPort} ${e.state}`),
		['4 127.0.0.1 37735 LISTEN', '6 ::1 41169 LISTEN', '6 :: 35581 LISTEN'],
	);
	assert.ok(!entries.some((e) => e.localPort === 25_000), 'the line after the connections was not read');
});

test('TCP: listeners that take several reads are marked spanned; one read is not', () => {
	assert.equal(createListenerReader({dir}).read('tcp').spanned, false);
	assert.equal(createListenerReader({dir, chunkBytes: 120}).read('tcp').spanned, true);
	assert.deepEqual(
		createListenerReader({dir, chunkBytes: 120})
			.read('tcp')
			.entries.map((e) => e.localPort),
		[37735, 41169, 35581],
		'a line cut between two reads is put back together',
	);
});

test('UDP: every socket of both tables, connected or not', () => {
	const {entries} = createListenerReader({dir}).read('udp');
	const whole = [...fixture('real-udp.txt').split('\n'), ...fixture('real-udp6.txt').split('\n')].filter(
		(line) => /^\s*\d+:/.test(line),
	);
	assert.equal(entries.length, whole.length);
	assert.ok(entries.some((e) => e.state === 'UNCONN'));
});

test('a missing table (IPv6 off) is an empty one', () => {
	const v4only = mkdtempSync(join(tmpdir(), 'swt-listeners4-'));
	try {
		writeFileSync(join(v4only, 'tcp'), fixture('real-tcp.txt'));
		assert.deepEqual(
			createListenerReader({dir: v4only})
				.read('tcp')
				.entries.map((e) => e.localPort),
			[37735],
		);
	} finally {
		rmSync(v4only, {recursive: true, force: true});
	}
});
