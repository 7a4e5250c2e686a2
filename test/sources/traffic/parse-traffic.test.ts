import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {parseNetDev} from '../../../source/sources/traffic/parse-net-dev.js';
import {parseSsTcp} from '../../../source/sources/traffic/parse-ss-tcp.js';
import {parseTcpExt} from '../../../source/sources/traffic/parse-tcp-ext.js';
import {socketChunks} from '../../../source/sources/traffic/traffic-source.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/traffic/${name}`, import.meta.url), 'utf8');
const byInode = (text: string) => new Map(parseSsTcp(text).sockets.map((socket) => [socket.inode, socket]));

describe('parseSsTcp on real ss output (iproute2 6.1)', () => {
	for (const name of ['ss-tainHOe.txt', 'ss-tainHe.txt']) {
		it(`${name}: counters, queues and inodes; fields ss leaves out when zero are real zeros`, () => {
			const result = parseSsTcp(fixture(name));
			assert.equal(result.skippedLines, 0);
			const sockets = byInode(fixture(name));
			// Server side of the client that wrote 12,345 bytes and was sent 5,000.
			assert.deepEqual([sockets.get(8585241)?.bytesSent, sockets.get(8585241)?.bytesReceived], [5000, 12345]);
			assert.deepEqual([sockets.get(8583012)?.bytesSent, sockets.get(8583012)?.bytesReceived], [12345, 5000]);
			// The silent client: no bytes_sent printed (zero), bytes_acked:1 is its SYN.
			assert.deepEqual([sockets.get(8583013)?.bytesSent, sockets.get(8583013)?.bytesReceived], [0, 5000]);
			// Its server side: nothing received (no bytes_received field).
			assert.deepEqual([sockets.get(8585243)?.bytesSent, sockets.get(8585243)?.bytesReceived], [5000, 0]);
			// Listeners: accept queue and backlog.
			assert.deepEqual([sockets.get(8585234)?.recvQ, sockets.get(8585234)?.sendQ], [0, 511]);
			assert.deepEqual([sockets.get(8585240)?.sendQ, sockets.get(8585240)?.local], [7, '[::1]:24002']);
			// TIME-WAIT sockets have no inode: left out.
			assert.ok(result.sockets.every((socket) => socket.state !== 'TIME-WAIT'));
		});
	}

	it('with and without -O the same sockets and counters', () => {
		assert.deepEqual(parseSsTcp(fixture('ss-tainHOe.txt')), parseSsTcp(fixture('ss-tainHe.txt')));
	});

	it('a saturated listener: Recv-Q (accept queue) above Send-Q (backlog)', () => {
		const [listener] = parseSsTcp(fixture('ss-ltnHe-saturated.txt')).sockets;
		assert.deepEqual(
			{state: listener?.state, recvQ: listener?.recvQ, sendQ: listener?.sendQ, inode: listener?.inode},
			{state: 'LISTEN', recvQ: 2, sendQ: 1, inode: 8585398},
		);
		// The same queue as rx_queue of that inode's line in /proc/net/tcp.
		const line = fixture('proc-net-tcp-saturated.txt').split('\n')[1]!.trim().split(/\s+/);
		assert.equal(Number.parseInt(line[4]!.split(':')[1]!, 16), 2);
		assert.equal(Number(line[9]), 8585398);
	});
});

describe('parseSsTcp on the older two-line format (hand-written, iproute2 4.9)', () => {
	const result = parseSsTcp(fixture('older-iproute2-4.9-two-line-handwritten.txt'));
	const sockets = new Map(result.sockets.map((socket) => [socket.inode, socket]));

	it('skips the header line, reads the second lines, leaves out TIME-WAIT', () => {
		assert.equal(result.skippedLines, 0);
		assert.deepEqual([...sockets.keys()].sort(), [11020, 18544, 20001, 20002, 20003]);
	});

	it('without bytes_sent (kernel < 4.19) estimates it from bytes_acked minus the SYN', () => {
		assert.deepEqual([sockets.get(18544)?.bytesSent, sockets.get(18544)?.bytesReceived], [45212, 8923]);
		// acked 1 = only the SYN: nothing sent.
		assert.deepEqual([sockets.get(20002)?.bytesSent, sockets.get(20002)?.bytesReceived], [0, 0]);
	});

	it('a socket with no tcp_info has unknown counters (null), never zeros', () => {
		assert.deepEqual([sockets.get(20003)?.bytesSent, sockets.get(20003)?.bytesReceived], [null, null]);
	});

	it('a saturated listener in that format too', () => {
		assert.deepEqual([sockets.get(20001)?.recvQ, sockets.get(20001)?.sendQ], [3, 2]);
	});
});

describe('parseSsTcp edge cases', () => {
	it('a state filter drops the State column', () => {
		const text = '0      0      127.0.0.1:1 127.0.0.1:2 ino:5 sk:1 <-> cwnd:10 bytes_sent:7\n';
		const [socket] = parseSsTcp(text).sockets;
		assert.deepEqual([socket?.state, socket?.bytesSent, socket?.bytesReceived], [null, 7, 0]);
	});

	it('counts lines it cannot read', () => {
		const result = parseSsTcp('ESTAB x y\nESTAB 0 0 127.0.0.1:1 127.0.0.1:2 sk:1\n');
		assert.deepEqual([result.sockets.length, result.skippedLines], [0, 2]);
	});
});

describe('/proc/net/dev and /proc/net/netstat', () => {
	it('sums every interface but lo', () => {
		const text = fixture('proc-net-dev.txt');
		const totals = parseNetDev(text);
		let rx = 0;
		let tx = 0;
		let count = 0;
		for (const line of text.split('\n').slice(2)) {
			const [name, rest] = line.split(':');
			if (!rest || name!.trim() === 'lo') continue;
			const fields = rest.trim().split(/\s+/).map(Number);
			rx += fields[0]!;
			tx += fields[8]!;
			count++;
		}
		assert.ok(count > 0);
		assert.deepEqual(totals, {rxBytes: rx, txBytes: tx, interfaces: count});
	});

	it('reads ListenOverflows and ListenDrops', () => {
		const text = fixture('proc-net-netstat.txt');
		const [names, values] = text.split('\n').filter((line) => line.startsWith('TcpExt:'));
		const at = (name: string) => Number(values!.split(/\s+/)[names!.split(/\s+/).indexOf(name)]);
		assert.deepEqual(parseTcpExt(text), {
			listenOverflows: at('ListenOverflows'),
			listenDrops: at('ListenDrops'),
		});
		assert.equal(parseTcpExt('TcpExt: A B\nTcpExt: 1\n'), null);
	});
});

describe('socketChunks', () => {
	it('slices a big dump between sockets, never inside a two-line one', () => {
		const one = fixture('ss-tainHe.txt');
		const big = one.repeat(Math.ceil((600 * 1024) / one.length));
		const chunks = socketChunks(big);
		assert.ok(chunks.length > 1);
		assert.equal(chunks.join(''), big);
		for (const chunk of chunks.slice(1)) assert.match(chunk, /^\S/);
		const parsed = chunks.flatMap((chunk) => parseSsTcp(chunk).sockets);
		assert.deepEqual(parsed, parseSsTcp(big).sockets);
	});
});
