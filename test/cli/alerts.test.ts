import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {parseAlertRule} from '../../source/cli/alert-rules.js';
import {parseArgs} from '../../source/cli/options.js';
import {eventJson} from '../../source/cli/stream-events.js';
import {alertSequence, notifyProtocol} from '../../source/cli/terminal-notify.js';
import {composeHistory} from '../../source/main/compose-history.js';
import {createPollStore} from '../../source/store/poll-store.js';
import type {SocketEvent} from '../../source/store/socket-events.js';
import {FakeClock, flush} from '../helpers/fake-clock.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const exposed = rec({localAddress: '0.0.0.0', localPort: 8080, pid: 42, process: 'node', inode: 2});
const local = rec({localAddress: '127.0.0.1', localPort: 9090, pid: 43, process: 'dev', inode: 3});
const sshd = rec({localAddress: '0.0.0.0', localPort: 22, pid: 11, process: 'sshd', inode: 1});
const rowOf = (record: typeof exposed) => ({
	key: `k${record.localPort}`,
	record,
	firstSeen: 0,
	seenAtStart: false,
	status: 'open' as const,
	since: 0,
});

function matches(rule: string, event: SocketEvent, extra: Record<string, unknown> = {}): boolean {
	const parsed = parseAlertRule(rule);
	if ('error' in parsed) throw new Error(parsed.error);
	return parsed.matches(event, {...eventJson(event), ...extra});
}

describe('--alert rules', () => {
	it('an event kind and a filter, in any order', () => {
		const opened = (record: typeof exposed): SocketEvent => ({kind: 'open', at: 0, row: rowOf(record)});
		assert.equal(matches('new-listener exposed:yes', opened(exposed)), true);
		assert.equal(matches('new-listener exposed:yes', opened(local)), false);
		assert.equal(matches('exposed:yes new-listener', opened(exposed)), true);
		const gone: SocketEvent = {kind: 'close', at: 0, row: rowOf(sshd), reason: 'gone'};
		assert.equal(matches('port:22 gone', gone), true);
		assert.equal(matches('port:22 gone', opened(sshd)), false);
		assert.equal(matches('port:80 gone', gone), false);
		const changed: SocketEvent = {kind: 'change', at: 0, row: rowOf({...sshd, state: 'CLOSE'}), before: sshd};
		assert.equal(matches('change:state', changed), true);
		assert.equal(matches('change:owners', changed), false);
		assert.equal(matches('change', changed), true);
		assert.equal(matches('any', changed), true);
	});

	it('saturated follows the JSON field, whatever part of the record carries it', () => {
		const changed: SocketEvent = {kind: 'change', at: 0, row: rowOf(sshd), before: sshd};
		assert.equal(matches('saturated', changed, {changed: ['saturated'], saturated: true}), true);
		assert.equal(matches('saturated', changed, {changed: ['saturated'], saturated: false}), false);
		assert.equal(matches('saturated', changed, {changed: ['state'], saturated: true}), false);
	});

	it('a rule without exactly one event, or with a bad filter, is an error (exit 2 on the command line)', () => {
		assert.match(
			(parseAlertRule('exposed:yes') as {error: string}).error,
			/name an event: open, new-listener/,
		);
		assert.match((parseAlertRule('open gone') as {error: string}).error, /one event per rule/);
		assert.match((parseAlertRule('open port:abc') as {error: string}).error, /port/);
		const parsed = parseArgs(['--alert', 'nonsense']);
		assert.equal(parsed.kind, 'error');
	});

	it('options: repeatable --alert, --log, and --alert-exec taking the rest of the line', () => {
		const parsed = parseArgs([
			'--alert',
			'new-listener',
			'--alert',
			'port:22 gone',
			'--log',
			'/tmp/x',
			'--alert-exec',
			'notify-send',
			'--urgency',
			'low',
		]);
		assert.equal(parsed.kind, 'run');
		if (parsed.kind !== 'run') return;
		assert.deepEqual(parsed.options.alerts, ['new-listener', 'port:22 gone']);
		assert.equal(parsed.options.log, '/tmp/x');
		assert.deepEqual(parsed.options.alertExec, ['notify-send', '--urgency', 'low']);
		assert.equal(parseArgs(['--alert-exec']).kind, 'error');
		assert.equal(parseArgs(['--log']).kind, 'error');
	});
});

describe('terminal notification', () => {
	it('is chosen from TERM_PROGRAM and TERM, and never inside tmux', () => {
		assert.equal(notifyProtocol({TERM_PROGRAM: 'iTerm.app', TERM: 'xterm-256color'}), 'osc9');
		assert.equal(notifyProtocol({TERM_PROGRAM: 'WezTerm'}), 'osc777');
		assert.equal(notifyProtocol({TERM: 'foot'}), 'osc777');
		assert.equal(notifyProtocol({TERM: 'rxvt-unicode-256color'}), 'osc777');
		assert.equal(notifyProtocol({TERM: 'xterm-256color'}), 'none');
		assert.equal(notifyProtocol({TERM_PROGRAM: 'iTerm.app', TMUX: '/tmp/tmux-0/default,1,0'}), 'none');
		assert.equal(notifyProtocol({TERM_PROGRAM: 'tmux', TERM: 'tmux-256color'}), 'none');
	});

	it('rings the bell, sets the title, and strips what would end the sequence early', () => {
		const text = 'new listener tcp 0.0.0.0:8080 evil\x07;x';
		assert.equal(
			alertSequence(text, 'osc777'),
			'\x07\x1b]2;socktop: new listener tcp 0.0.0.0:8080 evil  x\x07\x1b]777;notify;socktop;new listener tcp 0.0.0.0:8080 evil  x\x07',
		);
		assert.equal(alertSequence('x', 'none'), '\x07\x1b]2;socktop: x\x07');
		assert.equal(alertSequence('x', 'osc9'), '\x07\x1b]2;socktop: x\x07\x1b]9;socktop: x\x07');
	});
});

describe("alerts on the dashboard's events", () => {
	it('rings once per poll for a matching event, and the hook receives the event JSON', async (t) => {
		const dir = mkdtempSync(join(tmpdir(), 'shi-alert-'));
		t.after(() => rmSync(dir, {recursive: true, force: true}));
		const got = join(dir, 'got');
		const clock = new FakeClock(Date.UTC(2026, 10, 30, 3, 12, 0));
		const source = new FakeSource([
			{records: [sshd]},
			{records: [sshd, exposed, local]},
			{records: [exposed, local]},
		]);
		const store = createPollStore({source, intervalMs: 1000, clock});
		const writes: string[] = [];
		const history = composeHistory(store, {
			alerts: ['new-listener exposed:yes', 'port:22 gone'],
			alertExec: [
				process.execPath,
				'-e',
				'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>require("fs").appendFileSync(process.argv[1],s))',
				got,
			],
			terminal: {write: (text) => writes.push(text)},
			env: {TERM_PROGRAM: 'iTerm.app'},
		});
		t.after(() => history.stop());
		store.start();
		await flush();
		assert.deepEqual(writes, [], 'the sockets open at start ring nothing');
		await clock.advance(1000);
		assert.equal(writes[0], '\x1b[22;2t', 'the title is saved first');
		assert.match(
			writes[1]!,
			/^\x07\x1b\]2;socktop: new listener tcp 0\.0\.0\.0:8080 LISTEN node \(pid 42\)\x07\x1b\]9;/,
		);
		await clock.advance(1000);
		assert.match(writes[2]!, /closed tcp 0\.0\.0\.0:22 LISTEN sshd/);
		store.stop();
		for (
			let i = 0;
			i < 200 && readFileSync(got, {encoding: 'utf8', flag: 'a+'}).trim().split('\n').length < 2;
			i++
		)
			await new Promise((resolve) => setTimeout(resolve, 20));
		const events = readFileSync(got, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		const byPort = new Map(events.map((event) => [event.localPort, event]));
		assert.equal(byPort.get(8080)?.event, 'open');
		assert.deepEqual(byPort.get(8080)?.alerts, ['new-listener exposed:yes']);
		assert.equal(byPort.get(8080)?.time, '2026-11-30T03:12:01.000Z');
		assert.equal(byPort.get(22)?.event, 'close');
		assert.equal(byPort.has(9090), false, 'a loopback listener matches no rule');
		history.stop();
		assert.equal(writes.at(-1), '\x1b[23;2t', 'the title is put back');
	});

	it("a hanging or failing hook never holds up the next poll's events", async (t) => {
		const clock = new FakeClock();
		const records = Array.from({length: 4}, (_, i) =>
			rec({localPort: 7000 + i, pid: 1, process: 'p', inode: 10 + i}),
		);
		const source = new FakeSource(records.map((_, i) => ({records: records.slice(0, i + 1)})));
		const store = createPollStore({source, intervalMs: 1000, clock});
		const history = composeHistory(store, {
			alerts: ['open'],
			alertExec: [process.execPath, '-e', 'setInterval(() => {}, 1000)'],
			terminal: {write: () => {}},
			env: {},
		});
		t.after(() => history.stop());
		store.start();
		await flush();
		for (let i = 1; i < 4; i++) {
			await clock.advance(1000);
			// Recorded at its poll, while the hooks of the polls before still hang.
			assert.equal(history.timeline.total(), i);
		}
		store.stop();
	});
});
