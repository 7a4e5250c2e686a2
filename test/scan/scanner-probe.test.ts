// The engine takes the real connect as a callback probe on the CLI's thread (no Promise per
// connect: scan-runner.ts). The probe path must give the reports the ConnectFn path gives,
// cancel every connect in flight on a stop, and fail the same way when the probe throws.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ScanError} from '../../source/scan/scan-types.js';
import {runScan, type ScanOptions} from '../../source/scan/scanner.js';
import type {Probe} from '../../source/scan/tcp-connect.js';
import {
	type FakeBehavior,
	type FakeNetwork,
	type FakeStats,
	fakeNetwork,
	VirtualClock,
} from './fake-network.js';

const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);

/** The fake network's ConnectFn as a Probe: its cancel aborts that one connect. */
function probeOver(net: FakeNetwork, cancelled: {count: number}): Probe {
	return (host, port, timeoutMs, done) => {
		const controller = new AbortController();
		void net.connect(host, port, timeoutMs, controller.signal).then(done);
		return () => {
			cancelled.count++;
			controller.abort();
		};
	};
}

/** A connect that must not be called: the probe is to be used instead. */
const unused = () => {
	throw new Error('connect called although a probe was given');
};

function world(behave: (host: string, port: number, attempt: number, stats: FakeStats) => FakeBehavior) {
	const clock = new VirtualClock();
	const net = fakeNetwork(clock, behave, (_h, port) => 1 + (port % 7));
	return {clock, net};
}

const mixed = (_h: string, port: number, attempt: number, stats: FakeStats): FakeBehavior => {
	if (stats.inFlight >= 40) return {error: 'EMFILE'};
	if (port % 97 === 0) return {error: 'EHOSTUNREACH'};
	if (port % 50 === 0) return 'open';
	if (port % 13 === 0) return attempt === 1 ? 'silent' : 'closed';
	if (port % 31 === 0) return 'silent';
	return 'closed';
};

describe('runScan with a probe', () => {
	it('gives the report the ConnectFn path gives, and never calls connect', async () => {
		const options = (clock: VirtualClock): Omit<ScanOptions, 'connect'> => ({
			hosts: ['10.0.0.1', '10.0.0.2'],
			ports: range(1, 1500),
			concurrency: 120,
			now: clock.now,
			setTimer: clock.setTimer,
		});
		const a = world(mixed);
		const viaConnect = await a.clock.run(runScan({...options(a.clock), connect: a.net.connect}));
		const b = world(mixed);
		const cancelled = {count: 0};
		const viaProbe = await b.clock.run(
			runScan({...options(b.clock), connect: unused, probe: probeOver(b.net, cancelled)}),
		);
		assert.ok(
			viaConnect.open > 0 && viaConnect.filtered > 0 && viaConnect.unreachable > 0,
			'every kind seen',
		);
		assert.deepEqual([...viaProbe.states], [...viaConnect.states]);
		assert.deepEqual(
			{
				open: viaProbe.open,
				closed: viaProbe.closed,
				filtered: viaProbe.filtered,
				unreachable: viaProbe.unreachable,
			},
			{
				open: viaConnect.open,
				closed: viaConnect.closed,
				filtered: viaConnect.filtered,
				unreachable: viaConnect.unreachable,
			},
		);
		assert.deepEqual([...viaProbe.errors], [...viaConnect.errors]);
		assert.deepEqual([...viaProbe.latencyMs], [...viaConnect.latencyMs]);
		assert.equal(b.net.stats.calls, a.net.stats.calls, 'the same connects, retries and EMFILE put-backs');
		assert.equal(cancelled.count, 0, 'nothing cancelled in a scan that ran to its end');
		assert.equal(b.clock.pending, 0);
	});

	it('starts at most launchesPerTurn connects per turn, the rest from later turns, with the same report', async () => {
		const options = (clock: VirtualClock): Omit<ScanOptions, 'connect'> => ({
			hosts: ['10.0.0.1'],
			ports: range(1, 600),
			concurrency: 120,
			now: clock.now,
			setTimer: clock.setTimer,
		});
		const a = world(mixed);
		const unlimited = await a.clock.run(runScan({...options(a.clock), connect: a.net.connect}));
		const b = world(mixed);
		const cancelled = {count: 0};
		let started = 0;
		const probe = probeOver(b.net, cancelled);
		const counting: Probe = (...args) => {
			started++;
			return probe(...args);
		};
		const running = runScan({...options(b.clock), connect: unused, probe: counting, launchesPerTurn: 7});
		assert.equal(started, 7, 'seven started in the call, not the 120 the concurrency allows');
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(started, 14, 'seven more in the next turn');
		const limited = await b.clock.run(running);
		assert.deepEqual([...limited.states], [...unlimited.states]);
		assert.equal(limited.open + limited.closed + limited.filtered + limited.unreachable, 600);
		assert.equal(cancelled.count, 0);
		assert.equal(b.clock.pending, 0);
	});

	it('cancels every connect in flight when the signal aborts, and leaves nothing pending', async () => {
		const controller = new AbortController();
		const {clock, net} = world((_h, port) => (port % 2 ? 'silent' : 'closed'));
		const cancelled = {count: 0};
		const running = runScan({
			hosts: ['10.0.0.1'],
			ports: range(1, 1000),
			concurrency: 50,
			connect: unused,
			probe: probeOver(net, cancelled),
			signal: controller.signal,
			now: clock.now,
			setTimer: clock.setTimer,
		});
		await clock.advance(700);
		const inFlight = net.stats.inFlight;
		assert.ok(inFlight > 0, 'connects in flight before cancel');
		const callsBefore = net.stats.calls;
		controller.abort();
		const report = await running;
		assert.equal(report.cancelled, true);
		assert.equal(cancelled.count, inFlight, 'each connect in flight cancelled once');
		assert.equal(net.stats.inFlight, 0);
		assert.equal(clock.pending, 0);
		await clock.advance(10_000);
		assert.equal(net.stats.calls, callsBefore, 'no connect after the cancel');
	});

	it('fails with a ScanError when the probe throws', async () => {
		const clock = new VirtualClock();
		let calls = 0;
		// Silent until cancelled; the cancel answers ABORT_ERR, as tcp-connect.ts's probes do.
		const probe: Probe = (_host, _port, _timeoutMs, done) => {
			if (++calls === 3) throw new Error('boom');
			return () => queueMicrotask(() => done({error: 'ABORT_ERR'}));
		};
		await assert.rejects(
			clock.run(
				runScan({
					hosts: ['10.0.0.1'],
					ports: range(1, 10),
					connect: unused,
					probe,
					timeoutMs: 100,
					now: clock.now,
					setTimer: clock.setTimer,
				}),
			),
			(error: unknown) => error instanceof ScanError && /port scan failed: boom/.test(error.message),
		);
	});
});
