import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runStream} from '../../source/cli/run-stream.js';
import {SourceError} from '../../source/sources/source.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {capture} from '../helpers/capture.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const a = rec({localPort: 80, pid: 1, process: 'web'});
const b = rec({localPort: 81, pid: 2, process: 'api'});
const c = rec({proto: 'udp', localPort: 53, state: 'UNCONN'});

describe('socktop --json (stream)', () => {
	it('emits the first poll as opens, then only changes, and reports errors once', async () => {
		const source = new FakeSource([
			{records: [a, b]},
			{records: [a, b]},
			{records: [a, c]},
			{error: new SourceError('TIMEOUT', 'procfs did not answer within 1000 ms')},
			{error: new SourceError('TIMEOUT', 'procfs did not answer within 1000 ms')},
			{records: [a, c]},
		]);
		const clock = new FakeClock();
		const store = createPollStore({source, intervalMs: 1000, clock});
		const out = capture();
		const err = capture();
		const controller = new AbortController();
		const done = runStream(store, '', {stdout: out.stream, stderr: err.stream}, controller.signal);
		await flush();
		await clock.advance(5000);
		controller.abort();
		assert.equal(await done, 0);
		const events = out.lines().map((line) => JSON.parse(line) as {event: string; localPort: number});
		assert.deepEqual(
			events.map((event) => `${event.event}:${event.localPort}`),
			['open:80', 'open:81', 'open:53', 'close:81'],
		);
		assert.equal(err.lines().length, 1);
		assert.match(err.text(), /did not answer/);
		assert.equal(clock.pending, 0, 'the store was stopped');
	});

	it('filters events', async () => {
		const source = new FakeSource([{records: [a, b, c]}]);
		const clock = new FakeClock();
		const store = createPollStore({source, intervalMs: 1000, clock});
		const out = capture();
		const controller = new AbortController();
		const done = runStream(
			store,
			'proto:udp',
			{stdout: out.stream, stderr: capture().stream},
			controller.signal,
		);
		await flush();
		controller.abort();
		await done;
		assert.equal(out.lines().length, 1);
	});

	it('stops quietly when the reader goes away (EPIPE)', async () => {
		const source = new FakeSource([{records: [a]}, {records: [a, b]}]);
		const clock = new FakeClock();
		const store = createPollStore({source, intervalMs: 1000, clock});
		const out = capture();
		const controller = new AbortController();
		const done = runStream(store, '', {stdout: out.stream, stderr: capture().stream}, controller.signal);
		await flush();
		out.stream.emit('error', Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}));
		assert.equal(await done, 0);
		assert.equal(clock.pending, 0);
	});

	it('closes what it opened even when the socket stopped matching the filter', async () => {
		const live = rec({localPort: 5000, remoteAddress: '127.0.0.1', remotePort: 80, state: 'ESTABLISHED'});
		const waiting = rec({...live, state: 'TIME_WAIT'});
		const other = rec({localPort: 5001, remoteAddress: '127.0.0.1', remotePort: 80, state: 'TIME_WAIT'});
		const source = new FakeSource([{records: [live]}, {records: [waiting, other]}, {records: []}]);
		const clock = new FakeClock();
		const store = createPollStore({source, intervalMs: 1000, clock});
		const out = capture();
		const controller = new AbortController();
		const done = runStream(
			store,
			'state:estab',
			{stdout: out.stream, stderr: capture().stream},
			controller.signal,
		);
		await flush();
		await clock.advance(2000);
		controller.abort();
		await done;
		const events = out
			.lines()
			.map((line) => JSON.parse(line) as {event: string; localPort: number; state: string});
		assert.deepEqual(
			events.map((event) => `${event.event}:${event.localPort}:${event.state}`),
			['open:5000:ESTABLISHED', 'close:5000:TIME_WAIT'],
		);
	});
});
