// The close events of `ss -E` (fixtures captured here: test/fixtures/traffic/SOURCES.md).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {
	type ClosedSocket,
	createClosedSocketReader,
} from '../../../source/sources/traffic/parse-ss-closed.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/traffic/${name}`, import.meta.url), 'utf8');

/** Feeds TEXT line by line, as the child's stdout arrives. */
function read(text: string): ClosedSocket[] {
	const closed: ClosedSocket[] = [];
	const reader = createClosedSocketReader((socket) => closed.push(socket));
	for (const line of text.split('\n')) reader.line(line);
	return closed;
}

describe('ss -E close events', () => {
	it('one line per socket (-O): both ends of the closed connection with their final counters; the listener left out', () => {
		assert.deepEqual(read(fixture('ss-tinHOeE-close-events.txt')), [
			{local: '127.0.0.1:36448', peer: '127.0.0.1:44339', bytesSent: 300_000, bytesReceived: 1235},
			{local: '127.0.0.1:44339', peer: '127.0.0.1:36448', bytesSent: 1234, bytesReceived: 300_001},
		]);
	});

	it('two lines per socket (no -O): reported when the tcp_info line arrives', () => {
		const closed: ClosedSocket[] = [];
		const reader = createClosedSocketReader((socket) => closed.push(socket));
		const lines = fixture('ss-tinHeE-close-events.txt').split('\n');
		reader.line(lines[0]!);
		assert.equal(closed.length, 0, 'the head line alone has no counters');
		reader.line(lines[1]!);
		assert.equal(closed.length, 1);
		for (const line of lines.slice(2)) reader.line(line);
		assert.deepEqual(closed, [
			// bytes_sent counts retransmitted bytes (bytes_retrans:14875 in this capture).
			{local: '127.0.0.1:57290', peer: '127.0.0.1:40653', bytesSent: 314_875, bytesReceived: 1235},
			{local: '127.0.0.1:40653', peer: '127.0.0.1:57290', bytesSent: 1234, bytesReceived: 300_001},
		]);
	});

	it('a head line without its tcp_info line, a header and junk report nothing', () => {
		const text = [
			'State Recv-Q Send-Q Local Address:Port Peer Address:Port',
			'UNCONN 0 0 127.0.0.1:5 127.0.0.1:6 ino:0 sk:1',
			'UNCONN 0 0 [::1]:7 [::1]:8 ino:0 sk:2 bytes_sent:10 bytes_received:20 cwnd:10',
			'\tstray continuation with no head',
			'garbage',
		].join('\n');
		assert.deepEqual(read(text), [{local: '[::1]:7', peer: '[::1]:8', bytesSent: 10, bytesReceived: 20}]);
	});
});
