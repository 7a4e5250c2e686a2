import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {KEYS, renderDashboard} from '../helpers/dashboard-harness.js';
import {rec} from '../helpers/records.js';

const ssh = rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd', inode: 1});
const web = rec({localAddress: '0.0.0.0', localPort: 8080, pid: 42, process: 'webapp', inode: 2});
const conn = rec({
	localPort: 8080,
	remoteAddress: '127.0.0.1',
	remotePort: 50000,
	state: 'ESTABLISHED',
	pid: 42,
	process: 'webapp',
	inode: 3,
});

describe('history view', () => {
	it('H opens the events newest first; / filters them with the same language; q goes back', async (t) => {
		const tz = process.env.TZ;
		process.env.TZ = 'UTC';
		t.after(() => {
			process.env.TZ = tz;
		});
		const ui = renderDashboard(t, {
			steps: [{records: [ssh]}, {records: [ssh, web]}, {records: [ssh, web, conn]}, {records: [web, conn]}],
			columns: 100,
		});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.tick();
		await ui.tick();
		await ui.tick();
		await ui.waitFor((frame) => !frame.includes('sshd') || frame.includes('×'));
		await ui.press('H');
		const frame = await ui.waitFor((text) => text.includes('History'), 'the history view');
		assert.match(frame, /History\s+3 events since \d\d:\d\d:\d\d \(1 open then, not listed\)/);
		const lines = ui.lines().filter((line) => /^\d\d:\d\d:\d\d {2}/.test(line));
		assert.equal(lines.length, 3, frame);
		assert.match(lines[0]!, /close\s+LISTEN\s+sshd \(812\)\s+gone\s+tcp4 0\.0\.0\.0:22/);
		assert.match(
			lines[1]!,
			/open\s+ESTABLISHED\s+webapp \(42\)\s+tcp4 127\.0\.0\.1:8080 → 127\.0\.0\.1:50000/,
		);
		assert.match(lines[2]!, /open\s+LISTEN\s+webapp \(42\)\s+tcp4 0\.0\.0\.0:8080/);
		// Time order: every line is no later than the one above it.
		const times = lines.map((line) => line.slice(0, 8));
		assert.deepEqual([...times].sort().reverse(), times);

		await ui.press('/');
		await ui.type('state:listen');
		await ui.waitFor((text) => text.includes('2 of 3 events match'), 'the filtered history');
		await ui.press(KEYS.enter);
		await ui.waitFor((text) => text.includes('History') && text.includes('2 of 3 events match'));
		assert.doesNotMatch(ui.frame(), /ESTABLISHED/);
		await ui.press('q');
		await ui.waitFor((text) => text.includes('Listening'), 'the table again');
		ui.unmount();
	});

	it('the detail view says when the selected listener appeared', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}, {records: [ssh, web]}], columns: 100});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.tick();
		await ui.waitFor((frame) => frame.includes('webapp'));
		// Listening pane, sorted by port: 22 then 8080.
		await ui.press('j', KEYS.enter);
		const text = await ui.waitFor((frame) => frame.includes('appeared:'), 'the detail view');
		assert.match(text, /socket:\s+tcp4 0\.0\.0\.0:8080\s+LISTEN/);
		assert.match(text, /appeared: \d\d:\d\d:\d\d\n/);
		assert.match(text, /open\s+LISTEN\s+webapp \(42\)\s+tcp4 0\.0\.0\.0:8080/);
		await ui.press(KEYS.escape);
		await ui.press('k', KEYS.enter);
		const first = await ui.waitFor((frame) => frame.includes('sshd') && frame.includes('appeared:'));
		assert.match(first, /appeared: before \d\d:\d\d:\d\d \(already open when socktop started\)/);
		ui.unmount();
	});

	it('a log that cannot be written is said once in the footer, and the dashboard goes on', async (t) => {
		const ui = renderDashboard(t, {
			steps: [{records: [ssh]}, {records: [ssh, web]}, {records: [ssh, web, conn]}],
			columns: 120,
			history: {log: '/proc/self/shi-cannot-write'},
		});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.tick();
		const text = await ui.waitFor((frame) => frame.includes('not logging'), 'the note');
		assert.match(text, /--log \/proc\/self\/shi-cannot-write/);
		await ui.tick();
		await ui.waitFor((frame) => frame.includes('50000'), 'polls go on');
		assert.equal(ui.timeline.lastNote()?.seq, 1);
		// QA: once the footer's 10 s message went, nothing said the log was off. The header keeps it.
		await ui.tick(11_000);
		const later = await ui.waitFor((frame) => !frame.includes('not logging'), 'the footer message expired');
		assert.match(later.split('\n')[0]!, /log: off \((ENOENT|EACCES|EROFS|EPERM)\)/);
		assert.equal(ui.timeline.lastNote()?.seq, 1, 'still said once');
		ui.unmount();
	});
});
