// A connection's close event carries its final counters (from ss -E, through the traffic
// store's finalBytes) into the timeline, the --log line, `socktop history` and the history view.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {runHistoryCommand} from '../../source/cli/history-command.js';
import {composeHistory} from '../../source/main/compose-history.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {historyLine} from '../../source/ui/model/history-lines.js';
import {waitFor} from '../e2e/helpers/wait.js';
import {capture} from '../helpers/capture.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const web = rec({localPort: 8080, pid: 42, process: 'node', inode: 2});
const conn = rec({
	localPort: 8080,
	remoteAddress: '127.0.0.1',
	remotePort: 50000,
	state: 'ESTABLISHED',
	pid: 42,
	process: 'node',
	inode: 3,
});

describe('close events with final bytes', () => {
	it('the close of a connection the lookup knows has bytesSent/bytesReceived; others keep null', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'tr-close-bytes-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const file = join(dir, 'events.ndjson');
		const clock = new FakeClock(Date.UTC(2026, 10, 30, 3, 11, 0));
		const source = new FakeSource([{records: [web, conn]}, {records: [web, conn]}, {records: []}]);
		const store = createPollStore({source, intervalMs: 1000, clock});
		const history = composeHistory(store, {log: file, env: {}, terminal: {write: () => {}}}, (record) =>
			record.inode === 3 ? {bytesSent: 300_000, bytesReceived: 1235} : null,
		);
		t.after(() => {
			history.stop();
			store.stop();
		});
		store.start();
		await flush();
		await clock.advance(2000);
		store.stop();

		const closes = history.timeline.newestFirst().filter((entry) => entry.event.kind === 'close');
		assert.equal(closes.length, 2);
		const byInode = new Map(closes.map((entry) => [entry.event.row.record.inode, entry]));
		const closed = byInode.get(3)!;
		assert.deepEqual(closed.event.kind === 'close' && closed.event.final, {
			bytesSent: 300_000,
			bytesReceived: 1235,
		});
		assert.match(
			historyLine(closed, clock.now()),
			/close\s+ESTABLISHED\s+node \(42\)\s+gone, sent 293K received 1\.2K/,
		);

		// The log's batched appends land after the polls: wait for them (a missing file included).
		await waitFor('the log to hold its lines', () => readFileSync(file, 'utf8').split('\n').length >= 5, {
			intervalMs: 20,
		});
		const events = readFileSync(file, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>)
			.filter((event) => event.event === 'close');
		const json = new Map(events.map((event) => [event.inode, event]));
		assert.equal(json.get(3)?.bytesSent, 300_000);
		assert.equal(json.get(3)?.bytesReceived, 1235);
		assert.equal(json.get(2)?.bytesSent, null, 'a listener has no counters');

		const out = capture();
		const code = await runHistoryCommand([file, '--filter', 'rport:50000'], {
			stdout: out.stream,
			stderr: capture().stream,
		});
		assert.equal(code, 0);
		assert.match(out.text(), /close .*gone, sent 300000 B received 1235 B/);
	});

	it('an active closer: the change to TIME_WAIT (the socket gone, the row kept) carries them, and so does its close', async (t) => {
		const clock = new FakeClock(Date.UTC(2026, 10, 30, 3, 11, 0));
		const waiting = rec({...conn, owners: [], state: 'TIME_WAIT', inode: null});
		const source = new FakeSource([
			{records: [conn]},
			{records: [conn]},
			{records: [waiting]},
			{records: []},
		]);
		const store = createPollStore({source, intervalMs: 1000, clock});
		const history = composeHistory(store, {env: {}, terminal: {write: () => {}}}, (record) =>
			record.inode === 3 ? {bytesSent: 10, bytesReceived: 20} : null,
		);
		t.after(() => {
			history.stop();
			store.stop();
		});
		store.start();
		await flush();
		await clock.advance(3000);
		store.stop();
		const said = history.timeline
			.newestFirst()
			.map(({event}) => `${event.kind}:${event.kind === 'open' ? '' : JSON.stringify(event.final ?? null)}`);
		assert.deepEqual(said, [
			'close:{"bytesSent":10,"bytesReceived":20}',
			'change:{"bytesSent":10,"bytesReceived":20}',
		]);
		assert.match(
			historyLine(history.timeline.newestFirst()[1]!, clock.now()),
			/TIME_WAIT .*, sent 10B received 20B/,
		);
	});
});
