// Defects found by using the dashboard as a new user would (issue 8), checked on the
// mounted dashboard: what the screen says and what reaches the fakes.
import '../helpers/no-ci.js'; // before Ink: its non-debug frames are written only outside CI (the redraw tests)
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {KEYS, renderDashboard} from '../helpers/dashboard-harness.js';
import {rec} from '../helpers/records.js';

const nginx = rec({localAddress: '0.0.0.0', localPort: 80, pid: 1200, process: 'nginx'});
const ssh = rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd'});
const pg = rec({localAddress: '127.0.0.1', localPort: 5432, pid: 900, process: 'postgres'});
const forked = rec({
	localAddress: '0.0.0.0',
	localPort: 8080,
	owners: [
		{pid: 3001, process: 'gunicorn'},
		{pid: 3002, process: 'gunicorn'},
		{pid: 3003, process: 'gunicorn'},
	],
	pid: 3001,
	process: 'gunicorn',
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 60));

describe('dashboard defects (issue 8)', () => {
	it('1: a pasted burst (echo Kyle) never confirms the kill it opens; a later y alone does', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		ui.killer.diesOn.set(1200, 'SIGTERM');
		await ui.press('echo Kyle');
		await ui.waitFor((frame) => frame.includes('Terminate process'));
		await settle();
		assert.deepEqual(ui.killer.sent, []);
		await ui.press('yy');
		await settle();
		assert.deepEqual(ui.killer.sent, [], 'a burst containing y does not confirm');
		await ui.press('y');
		await ui.tick(200);
		await ui.waitFor((frame) => frame.includes('exited after SIGTERM'));
		assert.deepEqual(ui.killer.sent, [{pid: 1200, signal: 'SIGTERM'}]);
	});

	it('2: Esc and j in one read are Esc, then j', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx, pg]}]});
		await ui.waitFor((frame) => frame.includes('postgres'));
		await ui.press('/', 'x');
		await ui.waitFor((frame) => frame.includes('no sockets match'));
		await ui.press('\x1bj');
		await ui.waitFor((frame) => frame.includes('no filter') && /^>.*nginx/m.test(frame));
	});

	it('4: in help the footer says q closes, and scrolling back after the end moves at once', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('?');
		const text = await ui.waitFor((frame) => /Keys {2}1-/.test(frame));
		assert.match(ui.lines().at(-1)!, /q close/);
		assert.doesNotMatch(ui.lines().at(-1)!, /quit/);
		const last = Number(/of (\d+)/.exec(text)![1]);
		for (let i = 0; i < 10; i++) await ui.press(KEYS.pageDown);
		await ui.waitFor((frame) => new RegExp(`-${last} of ${last}`).test(frame));
		const end = /Keys {2}(\d+)-/.exec(ui.frame())![1];
		await ui.press(KEYS.up);
		await ui.waitFor((frame) => new RegExp(`Keys {2}${Number(end) - 1}-`).test(frame));
	});

	it('5: scan results scroll in the scan pane and close with Esc; focus returns', async (t) => {
		const open = Array.from({length: 30}, (_, i) => 9000 + i);
		const ui = renderDashboard(t, {steps: [{records: [ssh]}], openPorts: open});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('s', KEYS.tab);
		await ui.type('9000-9100');
		await ui.press(KEYS.enter);
		let text = await ui.waitFor((frame) => frame.includes('done 127.0.0.1'));
		assert.match(text, /▶ Listening/, 'focus is back on the pane the scan came from');
		assert.match(text, /more open ports \(Tab here to scroll\)/);
		assert.ok(!text.includes('9029/tcp'));
		await ui.press(KEYS.tab);
		await ui.waitFor((frame) => frame.includes('▶ Quick scan'));
		await ui.press('G');
		text = await ui.waitFor((frame) => frame.includes('9029/tcp'));
		assert.match(text, /results \d+-30 of 30/);
		await ui.press(KEYS.escape);
		text = await ui.waitFor((frame) => !frame.includes('9029/tcp') && frame.includes('▶ Listening'));
		assert.ok(!text.includes('9000/tcp'), 'results closed');
	});

	it('5: a long target keeps the ports field on screen', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('s');
		await ui.type(`${'a'.repeat(60)}.example`);
		const text = await ui.waitFor((frame) => frame.includes('.example▏'));
		assert.match(text, /target: …a+\.example▏\s+ports: top100/);
	});

	it('7: the detail of a process with 10,000 sockets: peers first, sorted sockets, End and Home', async (t) => {
		const many = Array.from({length: 10_000}, (_, i) =>
			rec({
				localPort: 40_000 + ((i * 7919) % 10_000),
				remoteAddress: `10.0.${i % 4}.1`,
				remotePort: 5432,
				state: 'ESTABLISHED',
				pid: 4242,
				process: 'app',
			}),
		);
		const ui = renderDashboard(t, {
			steps: [
				{records: [rec({localAddress: '0.0.0.0', localPort: 8000, pid: 4242, process: 'app'}), ...many]},
			],
			processInfo: async (pid) => ({
				pid,
				command:
					'/usr/bin/python3 -m gunicorn --workers 4 --bind 0.0.0.0:8000 --access-logfile /var/log/app/access.log app:wsgi',
				user: 'app',
				ppid: 1,
			}),
		});
		await ui.waitFor((frame) => frame.includes('Connections (10000)'));
		await ui.press(KEYS.enter);
		let text = await ui.waitFor((frame) => frame.includes('remote peers: 4'));
		assert.ok(text.indexOf('remote peers: 4') < text.indexOf('sockets: 10001'), 'summary first');
		for (const line of text.split('\n').filter((l) => /^(command:| {9})/.test(l)))
			assert.match(line.trimEnd(), /(^command: \S|^ {9}\S)(.*\S)?$/, 'no word is cut at a line end');
		assert.match(text, /gunicorn --workers 4/);
		await ui.press('\x1b[F');
		text = await ui.waitFor((frame) => frame.includes('tcp4 127.0.0.1:49999'));
		assert.match(text, /lines \d+-10\d{3} of 10\d{3}/);
		await ui.press('\x1b[H');
		await ui.waitFor((frame) => frame.includes('command: /usr/bin/python3'));
		await ui.press(KEYS.pageDown, KEYS.pageDown);
		text = await ui.waitFor((frame) => /lines 3\d-/.test(frame));
		const ports = [...text.matchAll(/127\.0\.0\.1:(\d+) →/g)].map((m) => Number(m[1]));
		assert.ok(ports.length > 5);
		assert.deepEqual(
			ports,
			[...ports].sort((a, b) => a - b),
			'sockets sorted by port',
		);
	});

	it('11: while waiting for the exit the footer offers no y / n', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('Terminate process'));
		assert.match(ui.lines().at(-1)!, /y yes {2}n no/);
		await ui.press('y');
		await ui.waitFor((frame) => frame.includes('waiting for it to exit'));
		assert.doesNotMatch(ui.lines().at(-1)!, /yes|no\b/);
	});

	it('11: a socket held by several processes names every owner and signals them all', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [forked]}]});
		// The owner marker survives, whether the process column (sized by content) cuts the name or not.
		await ui.waitFor((frame) => /gunic\S* \+2/.test(frame));
		for (const pid of [3001, 3002, 3003]) ui.killer.diesOn.set(pid, 'SIGTERM');
		for (const pid of [3001, 3002, 3003]) ui.killer.alive.add(pid);
		await ui.press('K');
		const text = await ui.waitFor((frame) => frame.includes('Terminate 3 processes'));
		for (const pid of [3001, 3002, 3003]) assert.match(text, new RegExp(`pid ${pid}\\s+gunicorn`));
		assert.match(text, /Send SIGTERM to all 3 processes\?/);
		await ui.press('y');
		await ui.tick(200);
		await ui.waitFor((frame) => frame.includes('exited after SIGTERM'));
		assert.deepEqual(
			ui.killer.sent.map((sent) => sent.pid),
			[3001, 3002, 3003],
		);
	});

	it('the footer shows s scan at 80×24; Ctrl-Z asks to suspend', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		assert.match(ui.lines().at(-1)!, /s scan$/);
		await ui.press('\x1a');
		await settle();
		assert.equal(ui.suspends.length, 1);
	});

	it('Ctrl-Z with no job control (ssh -t host socktop) keeps running and says why in the footer', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}], canSuspend: false});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('\x1a');
		await ui.waitFor((frame) => frame.includes('no job control'));
		assert.equal(ui.suspends.length, 0);
		await ui.press('j');
		await settle();
		assert.match(ui.lines().join('\n'), /sshd/, 'still drawing');
	});
});

describe('redraw (after the terminal was taken away, e.g. Ctrl-Z then fg)', () => {
	it('writes the whole frame again, though nothing changed', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx]}], debug: false});
		await ui.waitFor(() => ui.stdout.frames.join('').includes('nginx'));
		await settle();
		const before = ui.stdout.frames.length;
		ui.redraw();
		await new Promise((resolve) => setTimeout(resolve, 200));
		// StyledText writes its own SGR codes (kept under --no-color): compare the text.
		const after = stripVTControlCharacters(ui.stdout.frames.slice(before).join(''));
		for (const text of ['socktop', 'Listening', 'sshd', 'nginx', 'Quick scan', 's scan'])
			assert.ok(after.includes(text), `redrawn: ${text}`);
	});
});

describe('redraw right after a frame was written', () => {
	it('still writes the whole frame (Ink throttles renders; a blank frame then the real one can both be skipped)', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx]}], debug: false});
		await ui.waitFor(() => ui.stdout.frames.join('').includes('nginx'));
		await settle();
		const written = ui.stdout.frames.length;
		await ui.press(KEYS.down);
		for (let i = 0; i < 100 && ui.stdout.frames.length === written; i++) await new Promise(setImmediate);
		assert.ok(ui.stdout.frames.length > written, 'the key drew a frame');
		const before = ui.stdout.frames.length;
		ui.redraw();
		await new Promise((resolve) => setTimeout(resolve, 200));
		const after = stripVTControlCharacters(ui.stdout.frames.slice(before).join(''));
		for (const text of ['socktop', 'Listening', 'sshd', 'nginx', 'Quick scan'])
			assert.ok(after.includes(text), `redrawn: ${text}`);
	});
});
