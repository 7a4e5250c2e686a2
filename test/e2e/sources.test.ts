// Both socket sources against real loopback sockets held by a child process.
import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {SocketRecord} from '../../source/model/socket-record.js';
import {createNetstatSource} from '../../source/sources/netstat/netstat-source.js';
import {createProcfsSource} from '../../source/sources/procfs/procfs-source.js';
import type {SocketSource} from '../../source/sources/source.js';
import {NOT_LINUX} from './helpers/paths.js';
import {hasCommand, uniqueToken} from './helpers/process.js';
import {type Peer, type PeerSocket, type PeerSocketName, socketsOf, spawnPeer} from './helpers/spawn-peer.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const sameEndpoints = (record: SocketRecord, socket: PeerSocket) =>
	record.proto === socket.proto &&
	record.family === socket.family &&
	record.localAddress === socket.localAddress &&
	record.localPort === socket.localPort &&
	record.remoteAddress === socket.remoteAddress &&
	record.remotePort === socket.remotePort &&
	// The peer's namespace (this one): another may hold a socket with the same endpoints, the
	// procfs source reads every namespace.
	record.netns === null;

async function readOnce(source: SocketSource): Promise<readonly SocketRecord[]> {
	const controller = new AbortController();
	// A bound for a hang: a `--once` with owners of 11,000–13,000 sockets took 7–28 s at load
	// 21–26 (docs/test-suite.md), and the wait below retries a read this cuts.
	const timer = setTimeout(() => controller.abort(), 60_000);
	try {
		return (await source.read(controller.signal)).records;
	} finally {
		clearTimeout(timer);
	}
}

const CASES: readonly {name: PeerSocketName; what: string}[] = [
	{name: 'tcp4Listen', what: 'TCP listener on 127.0.0.1'},
	{name: 'tcp6Listen', what: 'TCP listener on ::1'},
	{name: 'tcpClient', what: 'established TCP, client end'},
	{name: 'tcpServer', what: 'established TCP, accepted end'},
	{name: 'udpBound', what: 'bound UDP socket'},
	{name: 'udpA', what: 'connected UDP pair, first end'},
	{name: 'udpB', what: 'connected UDP pair, second end'},
];

const EXPECTED_STATE: Record<PeerSocketName, SocketRecord['state']> = {
	tcp4Listen: 'LISTEN',
	tcp6Listen: 'LISTEN',
	tcpClient: 'ESTABLISHED',
	tcpServer: 'ESTABLISHED',
	udpBound: 'UNCONN',
	udpA: 'ESTABLISHED',
	udpB: 'ESTABLISHED',
};

let peer: Peer;
before(async () => {
	if (NOT_LINUX) return;
	// A 15-character title (the longest comm) with a slash, as `sshd: root@pts/0` has: net-tools
	// cuts `PID/name` to 20 columns (`sk08d17b74/pt` was seen), procfs gives comm in full; both
	// sources must name the process the same way.
	peer = await spawnPeer({title: `${uniqueToken('sk', 4)}/pts0`});
});
after(async () => {
	await peer?.close();
});

const SOURCES: readonly {label: string; create: () => SocketSource; needs?: string}[] = [
	{label: 'procfs source', create: () => createProcfsSource()},
	{label: 'netstat source', create: () => createNetstatSource({platform: 'linux'}), needs: 'netstat'},
];

for (const {label, create, needs} of SOURCES) {
	describe(label, {skip: NOT_LINUX}, () => {
		let records: readonly SocketRecord[] = [];
		let missing: string | false = false;

		before(async () => {
			if (needs && !(await hasCommand(needs))) {
				missing = `${needs} is not installed`;
				return;
			}
			const source = create();
			const wanted = socketsOf(peer);
			// The peer's sockets are all open before it says ready; polling only
			// absorbs a slow first read, it is bounded and asserts nothing about speed.
			records = await waitFor(
				`${label} to list all of the peer's sockets`,
				async () => {
					const all = await readOnce(source);
					return wanted.every((socket) => all.some((record) => sameEndpoints(record, socket))) && all;
				},
				{
					timeoutMs: STARTUP_MS,
					describe: async () => JSON.stringify((await readOnce(source)).filter((r) => r.pid === peer.pid)),
				},
			);
		});

		for (const {name, what} of CASES) {
			test(`reports the ${what} (${name})`, (t) => {
				if (missing) return t.skip(missing);
				const socket = peer.sockets[name];
				if (!socket) return t.skip(`not opened by the peer: ${peer.ipv6Error ?? 'unknown reason'}`);
				assert.equal(socket.state, EXPECTED_STATE[name], 'the peer describes what the test expects');
				const matches = records.filter((record) => sameEndpoints(record, socket));
				assert.equal(matches.length, 1, `exactly one record for ${JSON.stringify(socket)}`);
				const record = matches[0]!;
				assert.deepEqual(
					{
						proto: record.proto,
						family: record.family,
						localAddress: record.localAddress,
						localPort: record.localPort,
						remoteAddress: record.remoteAddress,
						remotePort: record.remotePort,
						state: record.state,
						pid: record.pid,
						process: record.process,
					},
					{...socket, state: EXPECTED_STATE[name], pid: peer.pid, process: peer.title},
				);
				assert.deepEqual(
					record.owners.map((owner) => ({...owner})),
					[{pid: peer.pid, process: peer.title}],
					'the peer is the only owner',
				);
				assert.ok(record.inode !== null && record.inode > 0, 'an open socket has an inode');
			});
		}

		test('lists no other socket for the peer', (t) => {
			if (missing) return t.skip(missing);
			const mine = records.filter((record) => record.owners.some((owner) => owner.pid === peer.pid));
			const expected = socketsOf(peer);
			assert.equal(mine.length, expected.length, JSON.stringify(mine, null, 1));
			for (const record of mine)
				assert.ok(
					expected.some((socket) => sameEndpoints(record, socket)),
					`unexpected ${JSON.stringify(record)}`,
				);
		});
	});
}
