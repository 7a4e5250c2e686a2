// The netstat source with real child processes, inside the real polling store, when
// netstat misbehaves: hangs, is slow, fails, cannot be run, is missing, or fails on
// and off. A fake netstat (test/hardening/helpers/fake-netstat.ts) is put first on PATH;
// every check on time is a bounded wait, never a speed expectation.
import assert from 'node:assert/strict';
import {rm} from 'node:fs/promises';
import {afterEach, describe, test} from 'node:test';
import {LINUX_NOT_FOUND} from '../../source/sources/netstat/netstat-command.js';
import {createNetstatSource} from '../../source/sources/netstat/netstat-source.js';
import {createPollStore, type PollStore} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {delay} from '../e2e/helpers/process.js';
import {waitFor} from '../e2e/helpers/wait.js';
import {FakeNetstat, GOOD_BODY, runPort} from './helpers/fake-netstat.js';

const NOT_LINUX = process.platform !== 'linux' && 'the fake netstat is a Linux sh script found through /proc';

/** Bound for waits on a handful of polls (far above what they take). */
const WAIT_MS = 20_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(body: string): Promise<FakeNetstat> {
	const netstat = await FakeNetstat.create(body);
	cleanups.push(() => netstat.cleanup());
	return netstat;
}

function store(options: {intervalMs: number; timeoutMs: number}): PollStore {
	// As `--timeout` does: the bound applies to the first read too.
	const polls = createPollStore({
		// The fake's pids are made up: do not name them from the real /proc.
		source: createNetstatSource({platform: 'linux', processName: null}),
		...options,
		firstTimeoutMs: options.timeoutMs,
	});
	cleanups.push(() => polls.stop());
	return polls;
}

const ports = (snapshot: Snapshot) =>
	snapshot.rows.filter((row) => row.status !== 'closed').map((row) => row.record.localPort);

const hasRunPort = (snapshot: Snapshot, n: number) =>
	snapshot.rows.some((row) => row.status !== 'closed' && row.record.localPort === runPort(n));

/** Every snapshot a poll published, in order (not the progress notes of a slow first read). */
function record(polls: PollStore): Snapshot[] {
	const seen: Snapshot[] = [];
	cleanups.push(
		polls.subscribe(() => {
			if (!polls.getSnapshot().loading) seen.push(polls.getSnapshot());
		}),
	);
	return seen;
}

/**
 * The first snapshot published without an error and with data, or undefined. Read from every
 * snapshot published, not the current one: a poll that took longer than the interval (a busy
 * machine) starts the next at once, which can publish before a waitFor looks again; the current
 * snapshot is then run 2's, run 1's listener closed in it. Two clean-clone CI runs with process
 * files side by side (2026-11-30) failed (e) on that.
 */
const firstGood = (seen: readonly Snapshot[]) =>
	seen.find((snapshot) => snapshot.error === null && snapshot.lastGoodAt !== null);

/** Waits (bounded) until no process of the fake is alive. */
async function expectNoneAlive(netstat: FakeNetstat, when: string, timeoutMs = 10_000): Promise<void> {
	await waitFor(`no fake netstat process alive ${when}`, () => netstat.alive().length === 0, {
		timeoutMs,
		intervalMs: 20,
		describe: () => `alive: ${netstat.alive().join(' ')}`,
	});
}

/** Runs in the log never overlap: each start comes after the end of the run before it, if it ended. */
async function assertSequential(netstat: FakeNetstat): Promise<void> {
	assert.equal(await netstat.overlaps(), '', 'a run started while the one before was still alive');
	const log = await netstat.log();
	// For the runs that ended by themselves: no other run starts between their start and end.
	for (const [index, entry] of log.entries()) {
		if (entry.event !== 'start') continue;
		const end = log.findIndex((e) => e.event === 'end' && e.n === entry.n);
		if (end < 0) continue;
		const between = log.slice(index + 1, end).filter((e) => e.event === 'start');
		assert.deepEqual(between, [], `runs started while run ${entry.n} was running`);
	}
}

describe('netstat source faults, with real child processes', {skip: NOT_LINUX}, () => {
	test('(a) netstat hangs: every poll times out, the last good data stays (stale), no process outlives its poll', async () => {
		// Run 1 answers; every later run hangs (a single process, as the real netstat is).
		const netstat = await fake(['if [ "$n" -gt 1 ]; then exec /bin/sleep 1000; fi', GOOD_BODY].join('\n'));
		netstat.install();
		const timeoutMs = 1500;
		// A long interval: the test drives the polls with refresh(), so it can look between them.
		const polls = store({intervalMs: 600_000, timeoutMs});
		polls.start();
		const good = await waitFor(
			'the first good poll',
			() => {
				const snapshot = polls.getSnapshot();
				return snapshot.lastGoodAt !== null && snapshot;
			},
			{timeoutMs: WAIT_MS},
		);
		assert.equal(good.error, null);
		assert.ok(hasRunPort(good, 1), 'the first run was read');
		const goodPorts = ports(good);

		for (let round = 1; round <= 3; round++) {
			await polls.refresh(); // settles once the poll has timed out and its child was stopped
			const snapshot = polls.getSnapshot();
			assert.equal(snapshot.error, `netstat did not answer within ${timeoutMs} ms`, `round ${round}`);
			assert.equal(snapshot.stale, true, 'marked stale');
			assert.equal(snapshot.loading, false);
			assert.equal(snapshot.lastGoodAt, good.lastGoodAt, 'the last good time is kept');
			assert.deepEqual(ports(snapshot), goodPorts, 'the last good data is kept');
			assert.equal(polls.getStats().failures, round);
			assert.equal(await netstat.runs(), round + 1, 'one run per poll');
			await expectNoneAlive(netstat, `after timeout ${round}`);
		}
		const log = await netstat.log();
		assert.deepEqual(
			log.filter((entry) => entry.event === 'end').map((entry) => entry.n),
			[1],
			'only the first run ended by itself',
		);

		// The store's own cadence (interval shorter than the timeout): polls follow each
		// other without overlapping, and stop() ends the one in flight.
		polls.stop();
		const before = await netstat.runs();
		const fast = store({intervalMs: 100, timeoutMs: 500});
		fast.start();
		await waitFor('three more hanging runs', async () => (await netstat.runs()) >= before + 3, {
			timeoutMs: WAIT_MS,
		});
		await waitFor('a poll in flight', () => fast.getStats().inFlight && netstat.alive().length > 0, {
			timeoutMs: WAIT_MS,
			intervalMs: 10,
		});
		fast.stop();
		await expectNoneAlive(netstat, 'after stop()');
		const afterStop = await netstat.runs();
		await delay(1000); // several intervals: nothing may start any more
		assert.equal(await netstat.runs(), afterStop, 'no poll after stop()');
		assert.deepEqual(netstat.alive(), []);
		assert.equal(fast.getSnapshot().error, 'netstat did not answer within 500 ms');
		await assertSequential(netstat);
	});

	test('(b) netstat slow but within the timeout: every poll succeeds, one at a time', async () => {
		const netstat = await fake(['/bin/sleep 0.4', GOOD_BODY].join('\n'));
		netstat.install();
		// The interval is shorter than one run: polls come back to back, never two at once.
		const polls = store({intervalMs: 100, timeoutMs: 30_000});
		const seen = record(polls);
		polls.start();
		await waitFor('three finished polls', () => polls.getStats().polls >= 3, {timeoutMs: WAIT_MS});
		// Read before stop(): the poll stop() cancels counts as a failed one.
		const stats = polls.getStats();
		polls.stop();
		await expectNoneAlive(netstat, 'after stop()');
		assert.equal(stats.failures, 0);
		assert.ok((stats.lastDurationMs ?? 0) >= 400, 'the poll did wait for the slow netstat');
		assert.ok(
			seen.every((snapshot) => snapshot.error === null && !snapshot.stale),
			'never an error',
		);
		const snapshot = polls.getSnapshot();
		assert.ok(hasRunPort(snapshot, 3), `the third run's data is shown: ${ports(snapshot).join(' ')}`);
		await assertSequential(netstat);
	});

	test('(c) netstat exits non-zero: its stderr line is the error; good data before stays (stale)', async () => {
		const netstat = await fake(
			[
				'if [ "$n" -gt 1 ]; then',
				'  echo "netstat: /proc/net/tcp: Operation not permitted" >&2',
				'  echo "second line not shown" >&2',
				'  finish 3',
				'fi',
				GOOD_BODY,
			].join('\n'),
		);
		netstat.install();
		const polls = store({intervalMs: 100, timeoutMs: 30_000});
		polls.start();
		const failed = await waitFor(
			'the failure to show',
			() => {
				const snapshot = polls.getSnapshot();
				return snapshot.error !== null && snapshot;
			},
			{timeoutMs: WAIT_MS},
		);
		assert.equal(failed.error, 'netstat exited with code 3: netstat: /proc/net/tcp: Operation not permitted');
		assert.equal(failed.stale, true);
		assert.ok(hasRunPort(failed, 1), 'the good data of run 1 is kept');
		await waitFor('more failed polls', () => polls.getStats().failures >= 3, {timeoutMs: WAIT_MS});
		assert.equal(polls.getSnapshot().error, failed.error, 'the same error, not a new one per poll');
		polls.stop();
		await expectNoneAlive(netstat, 'after stop()');
		await assertSequential(netstat);
	});

	test('(c2) netstat exits non-zero with nothing good ever: an error, no data, not stale', async () => {
		const netstat = await fake('echo "netstat: no support for AF INET (tcp) on this system." >&2\nfinish 1');
		netstat.install();
		const polls = store({intervalMs: 100, timeoutMs: 30_000});
		polls.start();
		const failed = await waitFor(
			'the failure to show',
			() => {
				const snapshot = polls.getSnapshot();
				return snapshot.error !== null && snapshot;
			},
			{timeoutMs: WAIT_MS},
		);
		assert.equal(
			failed.error,
			'netstat exited with code 1: netstat: no support for AF INET (tcp) on this system.',
		);
		assert.equal(failed.stale, false, 'nothing to be stale');
		assert.equal(failed.loading, false);
		assert.deepEqual(failed.rows, []);
		polls.stop();
		await expectNoneAlive(netstat, 'after stop()');
	});

	test('(c3) netstat exits non-zero after printing sockets: they are shown, with a warning', async () => {
		const netstat = await fake([GOOD_BODY, 'echo "netstat: partial read" >&2', 'finish 2'].join('\n'));
		netstat.install();
		const polls = store({intervalMs: 60_000, timeoutMs: 30_000});
		polls.start();
		const snapshot = await waitFor(
			'the first poll',
			() => {
				const current = polls.getSnapshot();
				return !current.loading && current;
			},
			{timeoutMs: WAIT_MS},
		);
		assert.equal(snapshot.error, null);
		assert.ok(hasRunPort(snapshot, 1));
		assert.ok(
			snapshot.warnings.includes('netstat exited with code 2; the sockets it listed are shown'),
			snapshot.warnings.join('\n'),
		);
	});

	test('(d) netstat not executable (EACCES): one-line error, the store keeps trying at its interval', async () => {
		const netstat = await fake(GOOD_BODY);
		await netstat.setBody(GOOD_BODY, 0o644); // no exec bit: even root gets EACCES
		// Only the fake's dir on PATH: a real netstat further on would be run instead.
		netstat.install(true);
		const polls = store({intervalMs: 100, timeoutMs: 30_000});
		const seen = record(polls);
		polls.start();
		await waitFor('three failed polls', () => polls.getStats().failures >= 3, {timeoutMs: WAIT_MS});
		const snapshot = polls.getSnapshot();
		assert.equal(snapshot.error, 'permission denied running netstat');
		assert.equal(snapshot.stale, false);
		assert.deepEqual(snapshot.rows, []);
		assert.equal(await netstat.runs(), 0, 'the script never ran');

		// Made executable while socktop runs: the next poll works, the error clears.
		await netstat.setBody(GOOD_BODY, 0o755);
		const recovered = await waitFor('recovery', () => firstGood(seen), {timeoutMs: WAIT_MS});
		assert.ok(hasRunPort(recovered, 1), `the first good poll shows run 1: ${ports(recovered).join(' ')}`);
		polls.stop();
		await expectNoneAlive(netstat, 'after stop()');
	});

	test('(e) netstat missing (ENOENT): how to install it, then recovery once it is there', async () => {
		const netstat = await fake(GOOD_BODY);
		netstat.install(true);
		await rm(netstat.scriptPath);
		const polls = store({intervalMs: 100, timeoutMs: 30_000});
		const seen = record(polls);
		polls.start();
		await waitFor('three failed polls', () => polls.getStats().failures >= 3, {timeoutMs: WAIT_MS});
		const snapshot = polls.getSnapshot();
		assert.equal(snapshot.error, LINUX_NOT_FOUND);
		assert.equal(snapshot.stale, false);
		assert.deepEqual(snapshot.rows, []);

		await netstat.setBody(GOOD_BODY); // "apt-get install net-tools" while socktop runs
		const recovered = await waitFor('recovery', () => firstGood(seen), {timeoutMs: WAIT_MS});
		assert.ok(hasRunPort(recovered, 1), `the first good poll shows run 1: ${ports(recovered).join(' ')}`);
		polls.stop();
		await expectNoneAlive(netstat, 'after stop()');
	});

	test('(f) netstat fails every other run: the error shows and clears by itself, data follows each good run', async () => {
		const netstat = await fake(
			[
				'if [ $((n % 2)) -eq 0 ]; then',
				'  echo "netstat: transient failure in run $n" >&2',
				'  finish 1',
				'fi',
				GOOD_BODY,
			].join('\n'),
		);
		netstat.install();
		const polls = store({intervalMs: 100, timeoutMs: 30_000});
		const seen = record(polls);
		polls.start();
		// Runs 1, 3, 5, 7 answer; 2, 4, 6 fail.
		await waitFor('run 7 on screen', () => hasRunPort(polls.getSnapshot(), 7), {timeoutMs: WAIT_MS});
		polls.stop();
		await expectNoneAlive(netstat, 'after stop()');

		// What a user saw, poll by poll: good, error (stale), good again, ... up to run 7 (on a
		// busy machine run 8 can fail and publish before waitFor has looked and stopped the store).
		const upToRun7 = seen.slice(0, seen.findIndex((snapshot) => hasRunPort(snapshot, 7)) + 1);
		const story = upToRun7.map((snapshot) => {
			if (snapshot.error !== null) return `error ${snapshot.error} stale=${snapshot.stale}`;
			const run = [1, 3, 5, 7].find((n) => hasRunPort(snapshot, n) && !hasRunPort(snapshot, n + 2));
			return `good run ${run}`;
		});
		assert.deepEqual(story, [
			'good run 1',
			'error netstat exited with code 1: netstat: transient failure in run 2 stale=true',
			'good run 3',
			'error netstat exited with code 1: netstat: transient failure in run 4 stale=true',
			'good run 5',
			'error netstat exited with code 1: netstat: transient failure in run 6 stale=true',
			'good run 7',
		]);
		// After each recovery the rows are the new run's: its listener is new, the one before closed.
		const last = upToRun7.at(-1)!;
		assert.equal(last.error, null);
		assert.equal(last.stale, false);
		assert.equal(last.rows.find((row) => row.record.localPort === runPort(7))?.status, 'new');
		assert.equal(last.rows.find((row) => row.record.localPort === runPort(5))?.status, 'closed');
		// Each failed run published its own error (run 8 may have failed before the stop).
		assert.equal(polls.getStats().failures, seen.filter((snapshot) => snapshot.error !== null).length);
		await assertSequential(netstat);
	});

	test('a hanging netstat that is a wrapper (its work in a child process): nothing survives the timeout', async () => {
		// Run 1 answers; later runs hang in a child of the script (as a shell wrapper would).
		const netstat = await fake(['if [ "$n" -gt 1 ]; then /bin/sleep 1000; fi', GOOD_BODY].join('\n'));
		netstat.install();
		const polls = store({intervalMs: 600_000, timeoutMs: 1500});
		polls.start();
		await waitFor('the first good poll', () => polls.getSnapshot().lastGoodAt !== null, {timeoutMs: WAIT_MS});
		await polls.refresh();
		assert.equal(polls.getSnapshot().error, 'netstat did not answer within 1500 ms');
		polls.stop();
		// A shorter bound: SIGKILL takes effect at once; this only keeps the known failure cheap.
		await expectNoneAlive(netstat, 'after the timeout', 3000);
	});
});
