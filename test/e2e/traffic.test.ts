// Per-connection rates and listen queues read from the real kernel with the real `ss`:
// a loopback transfer at known rates, and a listener whose accept queue is over its backlog.
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {SocketRecord} from '../../source/model/socket-record.js';
import {createTrafficSource} from '../../source/sources/traffic/traffic-source.js';
import type {PollStore} from '../../source/store/poll-store.js';
import type {Row, Snapshot} from '../../source/store/snapshot.js';
import {createTrafficStore, type TrafficSnapshot} from '../../source/store/traffic-store.js';
import {sortPaneRows} from '../../source/ui/model/pane-data.js';
import type {CellContext} from '../../source/ui/model/view-row.js';
import {rec} from '../helpers/records.js';
import {jsonLines, runCli} from './helpers/cli.js';
import {CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {Child, hasCommand, run} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/traffic/${name}`, import.meta.url));
const UP = 200_000;
const DOWN = 100_000;
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const ssMissing = NOT_LINUX || ((await hasCommand('ss')) ? false : 'ss (iproute2) is not installed');
const pythonMissing = ssMissing || ((await hasCommand(PYTHON)) ? false : 'python3 is not installed');

/** The traffic store only reads the socket table's rows (who holds each inode). */
function tableOf(records: SocketRecord[]): {store: PollStore; rows: Row[]} {
	const rows = records.map((record, i) => ({
		key: `row${i}`,
		record,
		firstSeen: 0,
		seenAtStart: true,
		status: 'open' as const,
		since: 0,
	}));
	return {store: {getSnapshot: () => ({rows}) as unknown as Snapshot} as PollStore, rows};
}

const within = (actual: number | null | undefined, expected: number, what: string) => {
	assert.ok(
		typeof actual === 'number' && Math.abs(actual - expected) <= expected * 0.1,
		`${what}: ${actual} B/s, expected ${expected} ±10%`,
	);
};

describe('per-connection rates from tcp_info (ss)', {skip: ssMissing}, () => {
	const children: Child[] = [];
	after(async () => {
		for (const child of children) await child.stop('SIGKILL');
	});

	it('a paced loopback transfer: the rate after two polls is within ±10% both ways, and sorts first', async () => {
		const pair = new Child(NODE, [fixture('paced-pair.mjs'), String(UP), String(DOWN), '30'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(pair);
		const ready = await waitFor('the pair is connected', () => pair.lines()[0], {timeoutMs: STARTUP_MS});
		const {serverPort, clientPort} = JSON.parse(ready) as {serverPort: number; clientPort: number};
		const source = createTrafficSource();
		const endpoints = [
			{localPort: clientPort, remotePort: serverPort},
			{localPort: serverPort, remotePort: clientPort},
		];
		const found = await source.read(AbortSignal.timeout(STARTUP_MS), endpoints);
		const inodeOf = (local: number) =>
			found.sockets.find((socket) => socket.local === `127.0.0.1:${local}` && socket.state === 'ESTAB')
				?.inode ?? null;
		const client = inodeOf(clientPort);
		const server = inodeOf(serverPort);
		assert.ok(client !== null && server !== null, 'both ends found by ss');
		const connection = (localPort: number, remotePort: number, inode: number) =>
			rec({
				localPort,
				remoteAddress: '127.0.0.1',
				remotePort,
				state: 'ESTABLISHED',
				inode,
				pid: pair.pid,
				process: 'node',
			});
		// Idle connections around it (no inode known: their rates stay unknown, sorted last).
		const idle = [1, 2, 3].map((i) =>
			rec({localPort: 40_000 + i, remoteAddress: '127.0.0.1', remotePort: 80, state: 'ESTABLISHED'}),
		);
		const table = tableOf([
			...idle,
			connection(clientPort, serverPort, client),
			connection(serverPort, clientPort, server),
		]);
		// The dashboard's default interval (2 s). fullReadUpTo 0: the budget mode, so ss reads just these two connections each poll (a
		// full read here would dump every other engineer's sockets and stretch the poll).
		const store = createTrafficStore({source, sockets: table.store, intervalMs: 2000, fullReadUpTo: 0});
		store.setVisible(endpoints);
		store.start();
		try {
			const snapshot = await waitFor(
				'rates after two polls',
				() => {
					const now = store.getSnapshot();
					return now.sockets.get(client)?.rateOut != null && now.sockets.get(server)?.rateIn != null && now;
				},
				{timeoutMs: STARTUP_MS},
			);
			within(snapshot.sockets.get(client)!.rateOut, UP, 'client sends');
			within(snapshot.sockets.get(server)!.rateIn, UP, 'server receives');
			within(snapshot.sockets.get(server)!.rateOut, DOWN, 'server sends');
			within(snapshot.sockets.get(client)!.rateIn, DOWN, 'client receives');
			within(snapshot.processes.get(pair.pid!)?.rateIn, UP + DOWN, 'the process receives');

			const context: CellContext = {
				now: 0,
				serviceName: () => null,
				hostName: () => null,
				traffic: snapshot as TrafficSnapshot,
			};
			const sorted = (column: string) =>
				sortPaneRows(
					{rows: table.rows} as unknown as Snapshot,
					{listening: {column: 'port', descending: false}, established: {column, descending: false}},
					context,
				).established.map((row) => row.record.inode);
			assert.deepEqual(sorted('rx').slice(0, 2), [server, client], 'by RX/s: the server end first');
			assert.deepEqual(sorted('tx').slice(0, 2), [client, server], 'by TX/s: the client end first');
		} finally {
			store.stop();
		}
	});
});

describe('listen-queue pressure', {skip: pythonMissing}, () => {
	const children: Child[] = [];
	after(async () => {
		for (const child of children) await child.stop('SIGKILL');
	});

	it('a listener with backlog 1 and four unaccepted clients is saturated (JSON, filter, as root and nobody)', async () => {
		const listener = new Child(PYTHON, [fixture('unaccepted-listener.py'), '4'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(listener);
		const port = Number(await waitFor('the listener', () => listener.lines()[0], {timeoutMs: STARTUP_MS}));
		const source = createTrafficSource();
		const reading = await waitFor(
			'the accept queue fills',
			async () => {
				const read = await source.read(AbortSignal.timeout(STARTUP_MS), []);
				const socket = read.sockets.find((s) => s.state === 'LISTEN' && s.local === `127.0.0.1:${port}`);
				return socket !== undefined && socket.recvQ > 1 && socket;
			},
			{timeoutMs: STARTUP_MS},
		);
		assert.equal(reading.sendQ, 1, 'the backlog');

		// Its own listener: `ns:host`, since `port:` alone also matches another namespace's socket with
		// that number (socktop reads every namespace; other tests listen in theirs).
		const args = ['--once', '--json', '--filter', `saturated:yes port:${port} ns:host`];
		const runs = [await runCli(args, {timeoutMs: STARTUP_MS})];
		// Any user reads the queues (ss over netlink): as nobody too, when root can switch to it.
		if (process.getuid?.() === 0 && (await hasCommand('runuser')))
			runs.push(
				await run('runuser', ['-u', 'nobody', '--', NODE, CLI_PATH, ...args], {
					cwd: '/',
					env: {...process.env, NO_COLOR: '1'},
					timeoutMs: STARTUP_MS,
				}),
			);
		for (const result of runs) {
			assert.equal(result.code, 0, result.stderr);
			const [record, ...rest] = jsonLines(result.stdout);
			assert.equal(rest.length, 0, result.stdout);
			assert.equal(record?.localPort, port);
			assert.equal(record?.saturated, true);
			assert.equal(record?.backlog, 1);
			assert.ok((record?.acceptQueue as number) > 1, `acceptQueue ${record?.acceptQueue}`);
		}
		const others = await runCli(['--once', '--json', '--filter', `saturated:no port:${port} ns:host`], {
			timeoutMs: STARTUP_MS,
		});
		assert.ok(jsonLines(others.stdout).every((record) => record.state !== 'LISTEN'));
	});
});
