import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {runScanCommand} from '../../source/cli/scan-command.js';
import {dialRaw} from '../../source/scan/dial-raw.js';
import {dialSocket} from '../../source/scan/dial-socket.js';
import {rawProbe} from '../../source/scan/raw-probe.js';
import {openPorts} from '../../source/scan/scan-report.js';
import {runPortScan} from '../../source/scan/scan-runner.js';
import type {ConnectFn, ScanProgress} from '../../source/scan/scan-types.js';
import {runScan} from '../../source/scan/scanner.js';
import {createProbe, createTcpConnect, tcpConnect} from '../../source/scan/tcp-connect.js';
import {createThreadedConnect} from '../../source/scan/threaded-connect.js';
import {capture} from '../helpers/capture.js';
import {type Listener, listen, listeningPorts} from './loopback.js';

// Real sockets on 127.0.0.1 and ::1: listeners on random (ephemeral-range) ports, and
// a scan of each listener's neighbourhood, where closed ports are plentiful and a
// self-connect would show up as a false open.

const HOSTS = ['127.0.0.1', '::1'] as const;
const listeners: Listener[] = [];

function neighbourhood(ports: readonly number[]): number[] {
	const wanted = new Set<number>();
	for (const port of ports)
		for (let p = port - 15; p <= port + 15; p++) if (p >= 1 && p <= 65535) wanted.add(p);
	return [...wanted].sort((a, b) => a - b);
}

/** Real listeners before any scan: another test's may stop before a check reads them again. */
const realAtStart = new Map<4 | 6, Set<number>>();

before(async () => {
	for (const host of HOSTS) for (let i = 0; i < 3; i++) listeners.push(await listen(host));
	for (const family of [4, 6] as const) realAtStart.set(family, await listeningPorts(family));
});

after(async () => {
	await Promise.all(listeners.map((l) => l.close()));
});

/** Open ports found must be ours or another process's real listener; ours must all be found. */
async function checkOpen(host: string, found: number[], scanned: readonly number[]) {
	const ours = listeners.filter((l) => l.host === host).map((l) => l.port);
	for (const port of ours) assert.ok(found.includes(port), `${host}:${port} was not found open`);
	const family = host === '::1' ? 6 : 4;
	const real = new Set([...realAtStart.get(family)!, ...(await listeningPorts(family))]);
	const inRange = new Set(scanned);
	const stray = found.filter((port) => !ours.includes(port) && !real.has(port) && inRange.has(port));
	assert.deepEqual(stray, [], `false opens on ${host}`);
}

describe('scanning loopback for real', () => {
	const here = (connect: ConnectFn) => async () => ({connect, close: async () => {}});
	type Engine = [string, () => Promise<{connect: ConnectFn; close: () => Promise<void>}>];
	const engines: Engine[] = [
		['this thread, net.Socket', here(createTcpConnect(createProbe(dialSocket)))],
		...(dialRaw
			? [['this thread, raw handle', here(createTcpConnect(createProbe(dialRaw)))] satisfies Engine]
			: []),
		...(rawProbe ? [['this thread, raw probe', here(createTcpConnect(rawProbe))] satisfies Engine] : []),
		['worker threads', () => createThreadedConnect(2)],
	];

	it('has the raw TCP handle on this Node (else scans fall back to net.Socket)', (t) => {
		// Off by design under --pending-deprecation, and gone on a Node without process.binding.
		const flags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
		if (flags.includes('--pending-deprecation'))
			return t.skip('raw handle disabled by --pending-deprecation');
		assert.ok(dialRaw !== null, 'process.binding("tcp_wrap") looks as expected on Node 20');
		assert.ok(rawProbe !== null, 'and the raw probe is built on it');
	});
	for (const [name, make] of engines) {
		it(`finds every listener and nothing else (${name})`, async () => {
			const {connect, close} = await make();
			try {
				for (const host of HOSTS) {
					const ports = neighbourhood(listeners.filter((l) => l.host === host).map((l) => l.port));
					const report = await runScan({hosts: [host], ports, connect, concurrency: 64});
					assert.equal(report.open + report.closed + report.filtered, ports.length);
					assert.equal(report.filtered, 0, 'loopback answers every connect');
					const found = openPorts(report).map((r) => r.port);
					await checkOpen(host, found, ports);
					for (const result of openPorts(report))
						assert.ok(result.latencyMs !== null && result.latencyMs >= 0, 'latency measured');
				}
			} finally {
				await close();
			}
		});
	}

	for (const [name, make] of engines) {
		it(`cancelling a real full-range scan leaves no socket or timer behind (${name})`, async () => {
			const count = () => {
				const resources = process.getActiveResourcesInfo();
				return {
					sockets: resources.filter((r) => r === 'TCPSocketWrap').length,
					timers: resources.filter((r) => r === 'Timeout').length,
				};
			};
			const {connect, close} = await make();
			const baseline = count();
			const controller = new AbortController();
			let progressAtAbort = 0;
			const ports = Array.from({length: 65535}, (_, i) => i + 1);
			const running = runScan({
				hosts: ['127.0.0.1'],
				ports,
				connect,
				concurrency: 200,
				signal: controller.signal,
				onProgress: (p) => {
					if (p.done > 2000 && !controller.signal.aborted) {
						progressAtAbort = p.done;
						controller.abort();
					}
				},
			});
			const report = await running;
			// destroy() releases a handle in a later loop phase: give it a few turns, no more.
			for (let turn = 0; turn < 5 && count().sockets > baseline.sockets; turn++)
				await new Promise((resolve) => setImmediate(resolve));
			const left = count();
			await close();
			assert.equal(report.cancelled, true);
			assert.ok(progressAtAbort > 0 && report.open + report.closed < 65535, 'stopped early');
			assert.deepEqual(left, baseline, 'same sockets and timers as before the scan');
		});
	}

	it('a scan with its connects on worker threads finds every listener of several hosts', async () => {
		for (const threads of [2, 3]) {
			const all = listeners.map((l) => l.port);
			// An odd number of ports, so the slices differ in length.
			const ports = neighbourhood(all).filter((port, i) => i % 2 === 0 || all.includes(port));
			const opened: string[] = [];
			const progress: ScanProgress[] = [];
			const report = await runPortScan({
				hosts: [...HOSTS],
				ports,
				threads,
				threadsFromProbes: 0,
				concurrency: 64,
				onOpen: (r) => opened.push(`${r.host} ${r.port}`),
				onProgress: (p) => progress.push(p),
			});
			for (const p of progress) assert.equal(p.total, report.total, 'progress counts every probe');
			assert.equal(progress.at(-1)!.done, report.total, 'the last progress says done');
			assert.equal(report.total, ports.length * 2);
			assert.equal(report.open + report.closed + report.filtered, report.total, 'every probe answered');
			for (const host of HOSTS) {
				const found = openPorts(report)
					.filter((r) => r.host === host)
					.map((r) => r.port);
				await checkOpen(host, found, ports);
			}
			assert.deepEqual(
				opened.sort(),
				openPorts(report)
					.map((r) => `${r.host} ${r.port}`)
					.sort(),
				'onOpen saw the same ports',
			);
		}
	});

	it('a cancelled threaded scan resolves with cancelled: true and stops its threads', async () => {
		const controller = new AbortController();
		const ports = Array.from({length: 65535}, (_, i) => i + 1);
		const report = await runPortScan({
			hosts: ['127.0.0.1'],
			ports,
			concurrency: 200,
			threads: 2,
			signal: controller.signal,
			onProgress: (p) => {
				if (p.done > 2000) controller.abort();
			},
		});
		assert.equal(report.cancelled, true);
		assert.ok(report.open + report.closed < 65535, 'stopped early');
		const workers = process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort');
		assert.deepEqual(workers, [], 'no worker left');
	});

	it('threaded connect: abort answers at once, close() refuses further connects', async () => {
		const threaded = await createThreadedConnect(2);
		const controller = new AbortController();
		const pending = threaded.connect('127.0.0.1', listeners[0]!.port, 1000, controller.signal);
		controller.abort();
		assert.deepEqual(await pending, {error: 'ABORT_ERR'});
		await threaded.close();
		await assert.rejects(threaded.connect('127.0.0.1', 1, 1000, new AbortController().signal), /closed/);
	});

	it('tcpConnect answers open, closed, and abort without leaving sockets', async () => {
		const listener = listeners[0]!;
		const controller = new AbortController();
		const open = await tcpConnect(listener.host, listener.port, 1000, controller.signal);
		assert.equal(typeof open === 'object' && 'state' in open ? open.state : open, 'open');
		const closedPort = await closedPortNear(listener.port);
		const closed = await tcpConnect(listener.host, closedPort, 1000, controller.signal);
		assert.equal(typeof closed === 'object' && 'state' in closed ? closed.state : closed, 'closed');
		const pending = tcpConnect('127.0.0.1', listener.port, 1000, controller.signal);
		controller.abort();
		assert.deepEqual(await pending, {error: 'ABORT_ERR'});
		assert.deepEqual(await tcpConnect('127.0.0.1', listener.port, 1000, controller.signal), {
			error: 'ABORT_ERR',
		});
	});

	it('socktop scan --json prints one parsable line per port', async () => {
		const host = '127.0.0.1';
		const ours = listeners.filter((l) => l.host === host).map((l) => l.port);
		const ports = neighbourhood(ours);
		const stdout = capture();
		const stderr = capture();
		const code = await runScanCommand([host, '--ports', ports.join(','), '--json'], {
			stdout: stdout.stream,
			stderr: stderr.stream,
		});
		assert.equal(code, 0, stderr.text());
		assert.equal(stderr.text(), '', 'no progress line when stderr is not a terminal');
		const rows = stdout.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
		assert.equal(rows.length, ports.length);
		assert.deepEqual(
			rows.map((row) => row.port),
			ports,
		);
		for (const row of rows) {
			assert.deepEqual(Object.keys(row), ['host', 'port', 'state', 'service', 'latencyMs', 'error']);
			assert.equal(row.host, host);
			assert.equal(row.error, null);
			assert.ok(row.state === 'open' || row.state === 'closed', `state ${String(row.state)}`);
			assert.equal(row.latencyMs === null, row.state !== 'open');
		}
		const found = rows.filter((row) => row.state === 'open').map((row) => row.port as number);
		await checkOpen(host, found, ports);
	});

	it('socktop scan [::1] prints the open ports table', async () => {
		const ours = listeners.filter((l) => l.host === '::1').map((l) => l.port);
		const stdout = capture();
		const stderr = capture();
		const code = await runScanCommand(['[::1]', '-p', ours.join(',')], {
			stdout: stdout.stream,
			stderr: stderr.stream,
		});
		assert.equal(code, 0, stderr.text());
		const lines = stdout.lines();
		assert.match(lines[0]!, /^PORT\s+STATE\s+SERVICE\s+LATENCY$/);
		for (const port of ours)
			assert.ok(
				lines.some((line) => line.startsWith(`${port}/tcp`)),
				`${port} listed`,
			);
		assert.match(lines.at(-1)!, /^3 ports scanned on ::1: 3 open, 0 closed, 0 filtered in /);
	});
});

async function closedPortNear(port: number): Promise<number> {
	const real = await listeningPorts(4);
	for (let p = port + 1; p < port + 100; p++) if (!real.has(p)) return p;
	throw new Error('no closed port found');
}
