import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {runHistoryCommand} from '../../source/cli/history-command.js';
import {composeHistory} from '../../source/main/compose-history.js';
import {createPollStore} from '../../source/store/poll-store.js';
import {waitFor} from '../e2e/helpers/wait.js';
import {capture} from '../helpers/capture.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const ssh = rec({localPort: 22, pid: 11, process: 'sshd', inode: 1});
const web = rec({localAddress: '0.0.0.0', localPort: 8080, pid: 42, process: 'node', inode: 2});
const conn = rec({
	localPort: 8080,
	remoteAddress: '127.0.0.1',
	remotePort: 50000,
	state: 'ESTABLISHED',
	pid: 42,
	process: 'node',
	inode: 3,
});
const closing = {...conn, state: 'CLOSE_WAIT' as const};

function tempDir(t: {after: (fn: () => void) => void}): string {
	const dir = mkdtempSync(join(tmpdir(), 'shi-history-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

/** Four polls a second apart: start, 8080 opens, a connection comes, then it changes as 8080 goes (changes come before closes within a poll). */
async function fourPolls(
	t: {after: (fn: () => void) => void},
	options: Parameters<typeof composeHistory>[1],
) {
	const clock = new FakeClock(Date.UTC(2026, 10, 30, 3, 11, 0));
	const source = new FakeSource([
		{records: [ssh]},
		{records: [ssh, web]},
		{records: [ssh, web, conn]},
		{records: [ssh, closing]},
	]);
	const store = createPollStore({source, intervalMs: 1000, clock});
	const history = composeHistory(store, options);
	t.after(() => {
		history.stop();
		store.stop();
	});
	store.start();
	await flush();
	await clock.advance(3000);
	store.stop();
	return {history, clock};
}

describe('history: the dashboard timeline and --log', () => {
	it('records events in order across polls, newest first, without the sockets open at start', async (t) => {
		const {history} = await fourPolls(t, {env: {}, terminal: {write: () => {}}});
		const entries = history.timeline.newestFirst();
		const said = entries.map(({event, changed}) => {
			const r = event.row.record;
			return `${event.kind}:${r.localPort}:${r.remotePort ?? '-'}:${changed.join('+')}`;
		});
		assert.deepEqual(said, ['close:8080:-:', 'change:8080:50000:state', 'open:8080:50000:', 'open:8080:-:']);
		assert.deepEqual(
			entries.map((entry) => entry.seq),
			[4, 3, 2, 1],
		);
		const times = entries.map((entry) => entry.event.at).reverse();
		assert.deepEqual(
			times.map((at) => new Date(at).toISOString().slice(11, 19)),
			['03:11:01', '03:11:02', '03:11:03', '03:11:03'],
		);
		assert.deepEqual(history.timeline.start(), {at: Date.UTC(2026, 10, 30, 3, 11, 0), open: 1});
	});

	it('keeps at most its capacity, oldest out first', async () => {
		const {createEventTimeline} = await import('../../source/store/event-timeline.js');
		const timeline = createEventTimeline(3);
		const row = {key: 'k', record: ssh, firstSeen: 0, seenAtStart: false, status: 'open' as const, since: 0};
		timeline.push([1, 2, 3, 4, 5].map((at) => ({event: {kind: 'open' as const, at, row}, changed: []})));
		assert.deepEqual(
			timeline.newestFirst().map((entry) => entry.event.at),
			[5, 4, 3],
		);
		assert.equal(timeline.total(), 5);
	});

	it('--log writes the --json stream schema, and socktop history reads it back', async (t) => {
		const dir = tempDir(t);
		const file = join(dir, 'events.ndjson');
		await fourPolls(t, {log: file, env: {}, terminal: {write: () => {}}});
		await new Promise((resolve) => setTimeout(resolve, 50));
		// The log's batched appends land after the polls: wait for them (a missing file included).
		await waitFor('the log to hold its lines', () => readFileSync(file, 'utf8').split('\n').length >= 6, {
			intervalMs: 20,
		});
		const events = readFileSync(file, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		assert.deepEqual(
			events.map((event) => `${event.event}:${event.localPort}`),
			['open:22', 'open:8080', 'open:8080', 'change:8080', 'close:8080'],
		);
		assert.equal(events[0]!.seenAtStart, true, 'the first poll is logged, marked as already open');
		assert.equal(events[1]!.time, '2026-11-30T03:11:01.000Z');
		assert.deepEqual(events[3]!.changed, ['state']);
		assert.deepEqual(events[3]!.previous, {state: 'ESTABLISHED'});

		// What opened 8080 at 03:11? (times in the table are local: TZ=UTC here)
		const tz = process.env.TZ;
		process.env.TZ = 'UTC';
		t.after(() => {
			process.env.TZ = tz;
		});
		const out = capture();
		const code = await runHistoryCommand(
			[file, '--filter', 'port:8080 state:listen', '--since', '2026-11-30T03:11:00Z'],
			{stdout: out.stream, stderr: capture().stream},
		);
		assert.equal(code, 0);
		const lines = out.lines();
		assert.match(lines[0]!, /^TIME\s+EVENT\s+PROTO\s+LOCAL/);
		assert.equal(lines.length, 3, out.text());
		assert.match(lines[1]!, /^2026-11-30 03:11:01\s+open\s+tcp4\s+0\.0\.0\.0:8080\s+\*\s+LISTEN\s+42\s+node/);
		assert.match(lines[2]!, /03:11:03\s+close\s+.*0\.0\.0\.0:8080.*gone/);

		const json = capture();
		await runHistoryCommand([file, '--json', '--filter', 'rport:50000'], {
			stdout: json.stream,
			stderr: capture().stream,
		});
		assert.deepEqual(
			json.lines().map((line) => (JSON.parse(line) as {event: string}).event),
			['open', 'change'],
		);
	});

	it('socktop history reads FILE.1 before FILE, and says what it skipped', async (t) => {
		const dir = tempDir(t);
		const file = join(dir, 'log');
		const line = (event: string, time: string, port: number) =>
			JSON.stringify({
				event,
				time,
				proto: 'tcp',
				family: 4,
				localAddress: '0.0.0.0',
				localPort: port,
				remoteAddress: null,
				remotePort: null,
				state: 'LISTEN',
				pid: 1,
				process: 'x',
				owners: [{pid: 1, process: 'x'}],
				uid: 0,
				user: 'root',
				inode: 1,
			});
		writeFileSync(`${file}.1`, `${line('open', '2026-11-30T01:00:00.000Z', 1)}\n`);
		writeFileSync(file, `${line('close', '2026-11-30T02:00:00.000Z', 1)}\n{"cut\n`);
		const out = capture();
		const err = capture();
		assert.equal(await runHistoryCommand([file, '--json'], {stdout: out.stream, stderr: err.stream}), 0);
		assert.deepEqual(
			out.lines().map((text) => (JSON.parse(text) as {event: string}).event),
			['open', 'close'],
		);
		assert.match(err.text(), /1 line skipped/);
		assert.equal(
			await runHistoryCommand([join(dir, 'missing')], {stdout: out.stream, stderr: err.stream}),
			1,
		);
		assert.equal(
			await runHistoryCommand([file, '--since', 'yesterday'], {stdout: out.stream, stderr: err.stream}),
			2,
		);
		assert.equal(await runHistoryCommand([], {stdout: out.stream, stderr: err.stream}), 2);
	});

	it('a log that cannot be written is reported once and recording goes on', async (t) => {
		const dir = tempDir(t);
		// A directory where the file should be: EISDIR, even as root.
		const {history} = await fourPolls(t, {log: dir, env: {}, terminal: {write: () => {}}});
		// The append fails on its own schedule (a fixed 50 ms here was too short in a CI run).
		const note = await waitFor('a note of the failed write', () => history.timeline.lastNote() ?? undefined);
		assert.equal(note.seq, 1, 'reported once, not once per event');
		assert.match(note.text, /--log .*EISDIR.*not logging; the dashboard goes on/);
		assert.equal(history.timeline.total(), 4, 'the timeline still has every event');
		assert.equal(history.timeline.logOff(), 'EISDIR', 'a lasting marker: the log is off, and why');
	});
});
