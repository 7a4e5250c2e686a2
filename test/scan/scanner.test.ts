import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {openPorts, scanResults} from '../../source/scan/scan-report.js';
import {ScanError, type ScanProgress} from '../../source/scan/scan-types.js';
import {runScan, type ScanOptions} from '../../source/scan/scanner.js';
import {top100} from '../../source/scan/top-ports.js';
import {type FakeBehavior, type FakeStats, fakeNetwork, VirtualClock} from './fake-network.js';

const range = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => from + i);

function setup(
	behave: (host: string, port: number, attempt: number, stats: FakeStats) => FakeBehavior,
	options: Partial<ScanOptions> = {},
	rtt?: (host: string, port: number) => number,
) {
	const clock = new VirtualClock();
	const net = fakeNetwork(clock, behave, rtt);
	const scan = (extra: Partial<ScanOptions> = {}) =>
		runScan({
			hosts: ['10.0.0.1'],
			ports: range(1, 10),
			connect: net.connect,
			now: clock.now,
			setTimer: clock.setTimer,
			...options,
			...extra,
		});
	return {clock, net, scan};
}

const stateOf = (report: Awaited<ReturnType<typeof runScan>>) =>
	Object.fromEntries([...scanResults(report)].map((r) => [r.port, r.state]));

describe('runScan with a fake network', () => {
	it('reports open, closed and filtered ports', async () => {
		const {clock, net, scan} = setup(
			(_h, port) => (port === 22 ? 'open' : port === 25 ? 'silent' : 'closed'),
			{
				ports: [21, 22, 23, 25, 80],
			},
		);
		const report = await clock.run(scan());
		assert.deepEqual(stateOf(report), {21: 'closed', 22: 'open', 23: 'closed', 25: 'filtered', 80: 'closed'});
		assert.equal(report.open, 1);
		assert.equal(report.closed, 3);
		assert.equal(report.filtered, 1);
		assert.equal(report.cancelled, false);
		assert.deepEqual(openPorts(report), [{host: '10.0.0.1', port: 22, state: 'open', latencyMs: 1}]);
		assert.equal(net.stats.inFlight, 0);
		assert.equal(clock.pending, 0);
	});

	it('calls a silent port exactly twice (one retry) before calling it filtered', async () => {
		const {clock, net, scan} = setup((_h, port) => (port === 7 ? 'silent' : 'closed'));
		const report = await clock.run(scan());
		assert.equal(net.stats.attempts.get('10.0.0.1 7'), 2);
		for (const port of range(1, 10).filter((p) => p !== 7))
			assert.equal(net.stats.attempts.get(`10.0.0.1 ${port}`), 1);
		assert.equal(stateOf(report)[7], 'filtered');
	});

	it('gives a port that answers on the retry its real state', async () => {
		const {clock, scan} = setup((_h, port, attempt) => (port === 7 && attempt === 1 ? 'silent' : 'open'));
		const report = await clock.run(scan());
		assert.equal(stateOf(report)[7], 'open');
		assert.equal(report.filtered, 0);
	});

	it('uses the measured round trip: 10x the slowest answer, between the floor and the ceiling', async () => {
		const cases = [
			{rtt: 5, expected: 200}, // floor
			{rtt: 60, expected: 600},
			{rtt: 400, expected: 1500}, // ceiling
		];
		for (const {rtt, expected} of cases) {
			const {clock, net, scan} = setup(
				(_h, port) => (port === 10 ? 'silent' : 'closed'),
				{concurrency: 1},
				() => rtt,
			);
			await clock.run(scan());
			// Port 1 goes first with the ceiling (nothing measured yet); the silent port's attempts use the learnt value.
			assert.equal(net.stats.timeouts[0], 1500);
			assert.deepEqual(net.stats.timeouts.slice(-2), [expected, expected], `rtt ${rtt}`);
		}
	});

	it('prefers a round trip measured by the connect function', async () => {
		const clock = new VirtualClock();
		const report = await clock.run(
			runScan({
				hosts: ['::1'],
				ports: [443],
				connect: async () => ({state: 'open', rttMs: 0.25}),
				now: clock.now,
				setTimer: clock.setTimer,
			}),
		);
		assert.deepEqual(openPorts(report), [{host: '::1', port: 443, state: 'open', latencyMs: 0.25}]);
	});

	it('calls an immediate error unreachable at once, with its code; only silence is filtered', async () => {
		const codes: Record<number, string> = {
			1: 'EHOSTUNREACH',
			2: 'ENETUNREACH',
			3: 'EINVAL',
			4: 'EACCES',
			5: 'EWHATEVER',
		};
		const {clock, net, scan} = setup((_h, port) =>
			codes[port] ? {error: codes[port]} : port === 6 ? 'silent' : 'closed',
		);
		const report = await clock.run(scan());
		const results = [...scanResults(report)];
		for (const [port, code] of Object.entries(codes)) {
			const result = results.find((r) => r.port === Number(port))!;
			assert.equal(result.state, 'unreachable', code);
			assert.equal(result.error, code);
			assert.equal(net.stats.attempts.get(`10.0.0.1 ${port}`), 1, `${code} is not retried`);
		}
		assert.equal(stateOf(report)[6], 'filtered');
		assert.equal(results.find((r) => r.port === 6)!.error, undefined);
		assert.equal(stateOf(report)[7], 'closed');
		assert.deepEqual([report.open, report.closed, report.filtered, report.unreachable], [0, 4, 1, 5]);
	});

	it('counts unreachable ports in progress, and the counts add up', async () => {
		const progress: ScanProgress[] = [];
		const {clock, scan} = setup((_h, port) => (port <= 3 ? {error: 'EHOSTUNREACH'} : 'closed'), {
			onProgress: (p) => progress.push(p),
			progressIntervalMs: 0,
		});
		await clock.run(scan());
		const last = progress.at(-1)!;
		assert.equal(last.unreachable, 3);
		assert.equal(last.open + last.closed + last.filtered + last.unreachable, last.done);
		assert.equal(last.done, 10);
	});

	it('calls EADDRNOTAVAIL unreachable when the host never answered (no local address can reach it)', async () => {
		const {clock, net, scan} = setup(() => ({error: 'EADDRNOTAVAIL'}), {ports: range(1, 50)});
		const report = await clock.run(scan());
		assert.equal(report.unreachable, 50);
		assert.equal(net.stats.calls, 50, 'no pause and retry');
		assert.equal(clock.time, 0, 'at once');
	});

	it('never has more connects in flight than the concurrency', async () => {
		for (const concurrency of [1, 7, 64]) {
			const {clock, net, scan} = setup(
				(_h, port) => (port % 3 === 0 ? 'silent' : port % 5 === 0 ? 'open' : 'closed'),
				{
					ports: range(1, 500),
					concurrency,
				},
			);
			const report = await clock.run(scan());
			assert.equal(net.stats.maxInFlight, concurrency);
			assert.equal(report.open + report.closed + report.filtered, 500);
		}
	});

	it('reports each open port as it is found, and progress that adds up', async () => {
		const opens: number[] = [];
		const events: ScanProgress[] = [];
		const {clock, scan} = setup(
			(_h, port) => (port % 10 === 0 ? 'open' : port % 7 === 0 ? 'silent' : 'closed'),
			{
				ports: range(1, 100),
				concurrency: 8,
				progressIntervalMs: 0,
				onOpen: (result) => opens.push(result.port),
				onProgress: (progress) => events.push(progress),
			},
		);
		const report = await clock.run(scan());
		assert.deepEqual(
			opens.sort((a, b) => a - b),
			range(1, 10).map((n) => n * 10),
		);
		const first = events[0]!;
		const last = events.at(-1)!;
		assert.equal(first.done, 0);
		assert.equal(first.total, 100);
		assert.equal(last.done, 100);
		assert.equal(last.open, 10);
		assert.equal(last.filtered, report.filtered);
		assert.equal(last.closed, report.closed);
		assert.equal(last.open + last.closed + last.filtered, last.done);
		assert.equal(last.etaMs, 0);
		assert.ok(last.ratePerSecond > 0, 'rate');
		for (let i = 1; i < events.length; i++)
			assert.ok(events[i]!.done >= events[i - 1]!.done, 'done never goes back');
		// One event per final answer, plus the first and the last.
		assert.equal(events.length, 102);
	});

	it('throttles progress to one event per interval', async () => {
		const events: ScanProgress[] = [];
		const {clock, scan} = setup(() => 'closed', {
			ports: range(1, 1000),
			concurrency: 10,
			progressIntervalMs: 100,
			onProgress: (progress) => events.push(progress),
		});
		await clock.run(scan()); // 100 rounds of 1 ms: about one event per 100 ms, plus the ends
		assert.ok(events.length <= 4, `got ${events.length}`);
		assert.equal(events.at(-1)!.done, 1000);
	});

	it('maps probes of several hosts to the right host and port', async () => {
		const {clock, scan} = setup((host, port) => (host === '10.0.0.2' && port === 3 ? 'open' : 'closed'), {
			hosts: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
			ports: [1, 2, 3],
		});
		const report = await clock.run(scan());
		assert.equal(report.total, 9);
		assert.deepEqual(
			openPorts(report).map((r) => `${r.host}:${r.port}`),
			['10.0.0.2:3'],
		);
		assert.equal([...scanResults(report)].length, 9);
	});

	it('finishes at once with nothing to scan', async () => {
		const {clock, net, scan} = setup(() => 'closed', {ports: []});
		const report = await clock.run(scan());
		assert.equal(report.total, 0);
		assert.equal(net.stats.calls, 0);
	});
});

describe('runScan when the system runs out of file descriptors', () => {
	it('backs off, lowers concurrency, retries, and reports every port correctly', async () => {
		const fdLimit = 30;
		let emfile = 0;
		const concurrencies: number[] = [];
		const {clock, scan} = setup(
			(_h, port, _attempt, stats) => {
				if (stats.inFlight >= fdLimit) {
					emfile++;
					return {error: 'EMFILE'};
				}
				return port % 50 === 0 ? 'open' : 'closed';
			},
			{ports: range(1, 2000), concurrency: 200, onProgress: (p) => concurrencies.push(p.concurrency)},
		);
		const report = await clock.run(scan());
		assert.ok(emfile > 0, 'the fake limit was hit');
		assert.equal(report.open, 40);
		assert.equal(report.closed, 1960);
		assert.equal(report.filtered, 0, 'EMFILE is never a result');
		assert.deepEqual(
			openPorts(report).map((r) => r.port),
			range(1, 40).map((n) => n * 50),
		);
		assert.ok(concurrencies.at(-1)! <= fdLimit, `concurrency lowered to ${concurrencies.at(-1)}`);
		assert.equal(clock.pending, 0);
	});

	it('treats ENFILE the same way, and EADDRNOTAVAIL once the host has answered (no free local port)', async () => {
		for (const code of ['ENFILE', 'EADDRNOTAVAIL']) {
			const {clock, scan} = setup(
				(_h, port, attempt) => (port > 1 && attempt <= 2 ? {error: code} : 'closed'),
				{ports: range(1, 20), concurrency: 1},
			);
			const report = await clock.run(scan());
			assert.equal(report.closed, 20, code);
			assert.equal(report.unreachable, 0, code);
		}
	});

	it('gives up with a one-line ScanError when no socket can be had at all', async () => {
		const {clock, net, scan} = setup(() => ({error: 'EMFILE'}), {ports: range(1, 50)});
		await assert.rejects(clock.run(scan()), (error: unknown) => {
			assert.ok(error instanceof ScanError, 'a ScanError');
			assert.match(error.message, /EMFILE/);
			assert.doesNotMatch(error.message, /\n/);
			return true;
		});
		assert.equal(clock.pending, 0);
		assert.equal(net.stats.inFlight, 0);
	});
});

describe('runScan cancel', () => {
	it('resolves promptly, leaving no connect and no timer pending', async () => {
		const controller = new AbortController();
		const {clock, net, scan} = setup((_h, port) => (port % 2 ? 'silent' : 'closed'), {
			ports: range(1, 1000),
			concurrency: 50,
			signal: controller.signal,
		});
		const running = scan();
		await clock.advance(700);
		assert.ok(net.stats.inFlight > 0, 'connects in flight before cancel');
		const callsBefore = net.stats.calls;
		controller.abort();
		const report = await running; // no clock movement needed
		assert.equal(report.cancelled, true);
		assert.equal(net.stats.inFlight, 0);
		assert.equal(clock.pending, 0);
		assert.equal(net.stats.calls, callsBefore);
		assert.equal(net.stats.callsAfterAbort, 0);
		assert.ok(report.open + report.closed + report.filtered < 1000, 'stopped early');
		await clock.advance(10_000);
		assert.equal(net.stats.calls, callsBefore);
	});

	it('clears the back-off timer when cancelled during a pause', async () => {
		const controller = new AbortController();
		const {clock, net, scan} = setup(() => ({error: 'EMFILE'}), {signal: controller.signal});
		const running = scan();
		await clock.advance(0);
		assert.equal(clock.pending, 1, 'pausing');
		controller.abort();
		const report = await running;
		assert.equal(report.cancelled, true);
		assert.equal(clock.pending, 0);
		assert.equal(net.stats.inFlight, 0);
	});

	it('does nothing when the signal is already aborted', async () => {
		const {clock, net, scan} = setup(() => 'closed', {signal: AbortSignal.abort()});
		const report = await clock.run(scan());
		assert.equal(report.cancelled, true);
		assert.equal(net.stats.calls, 0);
	});
});

describe('runScan with a broken connect function', () => {
	it('fails with a ScanError when connect rejects or throws, after in-flight connects settle', async () => {
		for (const broken of ['reject', 'throw'] as const) {
			const clock = new VirtualClock();
			const net = fakeNetwork(clock, () => 'silent');
			let calls = 0;
			const scan = runScan({
				hosts: ['10.0.0.1'],
				ports: range(1, 20),
				concurrency: 5,
				now: clock.now,
				setTimer: clock.setTimer,
				connect: (host, port, timeoutMs, signal) => {
					if (++calls === 3) {
						if (broken === 'throw') throw new Error('boom');
						return Promise.reject(new Error('boom'));
					}
					return net.connect(host, port, timeoutMs, signal);
				},
			});
			await assert.rejects(clock.run(scan), /boom/);
			assert.equal(net.stats.inFlight, 0);
			assert.equal(clock.pending, 0);
		}
	});
});

describe('runScan timeout bound (every port silent, virtual time)', () => {
	const silentTop100 = (concurrency: number) => {
		const {clock, net, scan} = setup(() => 'silent', {ports: [...top100], concurrency});
		return {clock, net, run: () => clock.run(scan())};
	};

	it('top100 at concurrency >= 100 takes ceil(100/c) windows plus one retry window', async () => {
		for (const concurrency of [100, 256, 1000]) {
			const {clock, net, run} = silentTop100(concurrency);
			const report = await run();
			const timeout = 1500;
			const windows = Math.ceil(100 / concurrency) + 1;
			assert.equal(report.filtered, 100);
			assert.equal(net.stats.calls, 200, 'one retry each');
			assert.equal(clock.time, windows * timeout);
			assert.equal(report.elapsedMs, windows * timeout);
		}
	});

	it('with fewer slots than ports it takes ceil(2 * 100 / c) windows (each port needs two)', async () => {
		for (const concurrency of [10, 30, 64]) {
			const {clock, run} = silentTop100(concurrency);
			await run();
			assert.equal(clock.time, Math.ceil(200 / concurrency) * 1500, `concurrency ${concurrency}`);
		}
	});
});
