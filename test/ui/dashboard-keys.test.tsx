import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FILTER_FIELDS} from '../../source/filter/filter.js';
import {KEYS, renderDashboard} from '../helpers/dashboard-harness.js';
import {rec} from '../helpers/records.js';

const nginx = rec({localAddress: '0.0.0.0', localPort: 80, pid: 1200, process: 'nginx'});
const ssh = rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd'});
const pg = rec({localAddress: '127.0.0.1', localPort: 5432, pid: 900, process: 'postgres'});
const redis = rec({localAddress: '127.0.0.1', localPort: 6379, pid: 950, process: 'redis-server'});
const web1 = rec({
	localPort: 80,
	remoteAddress: '198.51.100.1',
	remotePort: 40001,
	state: 'ESTABLISHED',
	pid: 1200,
	process: 'nginx',
});
const web2 = rec({
	localPort: 80,
	remoteAddress: '198.51.100.2',
	remotePort: 40002,
	state: 'ESTABLISHED',
	pid: 1200,
	process: 'nginx',
});
const wait = rec({localPort: 80, remoteAddress: '198.51.100.3', remotePort: 40003, state: 'TIME_WAIT'});

const selectedLine = (lines: string[]) => lines.find((line) => line.startsWith('>')) ?? '';

describe('dashboard keys', () => {
	it('moves the selection and keeps it on the same socket across refreshes', async (t) => {
		const ui = renderDashboard(t, {
			steps: [
				{records: [ssh, nginx, pg]},
				{records: [ssh, nginx, pg, rec({localPort: 25, pid: 5, process: 'exim'})]},
			],
		});
		await ui.waitFor((frame) => frame.includes('postgres'));
		assert.match(selectedLine(ui.lines()), /\b22\b.*sshd/);
		await ui.press(KEYS.down);
		await ui.waitFor((frame) => /^>.*nginx/m.test(frame));
		await ui.tick();
		await ui.waitFor((frame) => frame.includes('exim'));
		// port 25 sorts above 80, but the selection stays on nginx.
		assert.match(selectedLine(ui.lines()), /\b80\b.*nginx/);
		await ui.press('j', 'j');
		await ui.waitFor((frame) => /^>.*5432/m.test(frame));
		await ui.press('g');
		await ui.waitFor((frame) => /^>.*sshd/m.test(frame));
		await ui.press('G');
		await ui.waitFor((frame) => /^>.*postgres/m.test(frame));
		await ui.press('k');
		await ui.waitFor((frame) => /^>.*nginx/m.test(frame));
		ui.unmount();
	});

	it('handles several keys arriving in one chunk (paste, fast typing over SSH)', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx, pg, redis]}]});
		await ui.waitFor((frame) => frame.includes('redis'));
		await ui.press('jj');
		await ui.waitFor((frame) => /^>.*postgres/m.test(frame));
		await ui.press('/proc:red\r');
		await ui.waitFor((frame) => frame.includes('filter: proc:red') && !frame.includes('nginx'));
		// `/` continues the kept filter after a space: 9 Backspaces remove "proc:red ".
		await ui.press('/\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7fnginx\r');
		await ui.waitFor((frame) => frame.includes('filter: nginx') && !frame.includes('redis'));
		ui.unmount();
	});

	it('switches panes with Tab and Shift-Tab', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, web1]}]});
		await ui.waitFor((frame) => frame.includes('198.51.100.1'));
		assert.match(ui.frame(), /▶ Listening/);
		await ui.press(KEYS.tab);
		await ui.waitFor((frame) => frame.includes('▶ Connections'));
		assert.match(selectedLine(ui.lines()), /198\.51\.100\.1/);
		// Nothing to select in the scan pane (no results): Tab goes round to Listening.
		await ui.press(KEYS.tab);
		await ui.waitFor((frame) => frame.includes('▶ Listening'));
		assert.ok(!ui.frame().includes('▶ Quick scan'));
		await ui.press(KEYS.shiftTab);
		await ui.waitFor((frame) => frame.includes('▶ Connections'));
		ui.unmount();
	});

	it('a pane a filter left empty offers no Enter / K, and K says there is no row', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		assert.match(ui.lines().at(-1)!, /K kill/, 'a row is selected: K is offered');
		await ui.press('/');
		await ui.type('proc:nomatch');
		await ui.press(KEYS.enter);
		await ui.waitFor((frame) => frame.includes('filter: proc:nomatch'));
		assert.doesNotMatch(ui.lines().at(-1)!, /K kill|Enter/);
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('no row selected'));
		assert.deepEqual(ui.killer.sent, []);
		ui.unmount();
	});

	it('the header counts what the filter shows, of what there is, like the panes under it', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx, pg, web1, web2, wait]}]});
		await ui.waitFor((frame) => frame.includes('postgres'));
		assert.match(ui.frame(), /listening 3 {2}established 2 {2}other 1/);
		await ui.press('/');
		await ui.type('proc:nginx');
		await ui.waitFor((frame) => /listening 1 of 3 {2}established 2 of 2 {2}other 0 of 1/.test(frame));
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => /listening 3 {2}established 2 {2}other 1/.test(frame));
		ui.unmount();
	});

	it('a footer message goes away after a while; a newer one starts its own wait', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		await ui.press('/');
		await ui.type('proc:nomatch');
		await ui.press(KEYS.enter);
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('no row selected'));
		await ui.tick(4000);
		await ui.press('r');
		await ui.waitFor((frame) => frame.includes('refreshing'));
		await ui.tick(2000);
		assert.match(ui.frame(), /refreshing/, 'the newer message keeps its own 5 s');
		await ui.tick(3500);
		await ui.waitFor((frame) => !frame.includes('refreshing') && frame.includes('filter: proc:nomatch'));
		ui.unmount();
	});

	it('filters live as you type, keeps it on Enter and clears it on Esc', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx, pg, redis, web1]}]});
		await ui.waitFor((frame) => frame.includes('redis'));
		await ui.press('/');
		await ui.type('proc:ng');
		let text = await ui.waitFor((frame) => !frame.includes('redis'));
		assert.match(text, /\/proc:ng/);
		assert.match(text, /Listening \(1\)/);
		assert.match(text, /Connections \(1\)/);
		await ui.press(KEYS.enter);
		text = await ui.waitFor((frame) => frame.includes('filter: proc:ng'));
		assert.ok(!text.includes('redis'));
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => frame.includes('redis') && frame.includes('no filter'));
		ui.unmount();
	});

	it('shows a bad filter inline and keeps the last good one', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		await ui.press('/');
		await ui.type('pid:x');
		const text = await ui.waitFor((frame) => frame.includes('expects a number'));
		assert.match(text, /sshd/);
		await ui.press(KEYS.enter);
		assert.match(ui.frame(), /\/pid:x/, 'Enter does not keep an invalid filter');
		await ui.press(KEYS.backspace, KEYS.backspace);
		await ui.type('812');
		await ui.waitFor((frame) => !frame.includes('nginx'));
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.unmount();
	});

	it('says what exposed: and port: take while the filter is typed, at 80 columns', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx]}], columns: 80});
		await ui.waitFor((frame) => frame.includes('nginx'));
		await ui.press('/');
		await ui.type('exposed:');
		await ui.waitFor((frame) => frame.includes('exposed: needs a value (exposed:yes|no)'));
		await ui.type('yes');
		await ui.waitFor((frame) => /\/exposed:yes\s+exposed:yes\|no/.test(frame));
		await ui.type(' port:');
		await ui.waitFor((frame) => frame.includes('port: needs a value (port:22,80,8000-8100)'));
		await ui.type('22,80');
		await ui.waitFor((frame) => /port:22,80\s+port:22,80,8000-8100/.test(frame));
		ui.unmount();
	});

	it('never throws on pasted junk in the filter', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('/');
		await ui.press(`(.*[\\"'🦀${'x'.repeat(5000)}`);
		await ui.waitFor((frame) => frame.includes('no sockets match'));
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => frame.includes('sshd'));
		ui.unmount();
	});

	it('p filters to the selected process', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx, web1, web2]}]});
		await ui.waitFor((frame) => frame.includes('198.51.100.2'));
		await ui.press('j', 'p');
		const text = await ui.waitFor((frame) => frame.includes('filter: pid:1200'));
		assert.ok(!text.includes('sshd'));
		assert.match(text, /Connections \(2\)/);
		ui.unmount();
	});

	it('changes and reverses the sort', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx, pg, redis]}]});
		await ui.waitFor((frame) => frame.includes('redis'));
		await ui.press('I');
		let text = await ui.waitFor((frame) => frame.includes('sort: port ▼'));
		assert.ok(text.indexOf('6379') < text.indexOf('sshd'));
		await ui.press('>');
		text = await ui.waitFor((frame) => frame.includes('sort: service ▲'));
		await ui.press('<', '<');
		text = await ui.waitFor((frame) => frame.includes('sort: address ▲'));
		ui.unmount();
	});

	it('pauses updates visibly and resumes with the latest data', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}, {records: [ssh, redis]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press(' ');
		await ui.waitFor((frame) => frame.includes('PAUSED'));
		await ui.tick();
		await ui.tick();
		assert.ok(!ui.frame().includes('redis'), 'paused view does not change');
		await ui.press(' ');
		await ui.waitFor((frame) => frame.includes('redis') && !frame.includes('PAUSED'));
		ui.unmount();
	});

	it('r refreshes at once', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}, {records: [ssh, redis]}], intervalMs: 60_000});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('r');
		await ui.waitFor((frame) => frame.includes('redis'));
		assert.equal(ui.source.reads, 2);
		ui.unmount();
	});

	it('o hides and shows other states', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [web1, wait]}]});
		await ui.waitFor((frame) => frame.includes('TIME_WAIT'));
		await ui.press('o');
		const text = await ui.waitFor((frame) => !frame.includes('TIME_WAIT'));
		assert.match(text, /1 in other states hidden/);
		await ui.press('o');
		await ui.waitFor((frame) => frame.includes('TIME_WAIT'));
		ui.unmount();
	});

	it('n shows reverse DNS names for remote ends, looked up in the background', async (t) => {
		const asked: string[] = [];
		const ui = renderDashboard(t, {
			steps: [{records: [web1, web2]}],
			columns: 120,
			reverse: async (address) => {
				asked.push(address);
				if (address === '198.51.100.1') return ['client-one.example'];
				throw new Error('ENOTFOUND');
			},
		});
		await ui.waitFor((frame) => frame.includes('198.51.100.2'));
		assert.deepEqual(asked, [], 'no lookups while off');
		await ui.press('n');
		const text = await ui.waitFor((frame) => frame.includes('client-one.example:40001'));
		assert.match(text, /198\.51\.100\.2:40002/, 'no name: the address stays');
		await ui.press('n');
		await ui.waitFor((frame) => frame.includes('198.51.100.1:40001'));
		ui.unmount();
	});

	it('? shows every key from the keymap', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}], rows: 40});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('?');
		const text = await ui.waitFor((frame) => frame.includes('Keys'));
		for (const help of [
			'quit',
			'next pane',
			'filter proc:',
			'pause / resume',
			'terminate the selected',
			'reverse DNS',
			'quick port scan',
		])
			assert.ok(text.includes(help), `help mentions "${help}"`);
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => frame.includes('Listening'));
		ui.unmount();
	});

	it('? at 80 columns: the filter line is wrapped at words, every field shown whole', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}], columns: 80, rows: 40});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('?');
		const text = await ui.waitFor((frame) => frame.includes('filter proc:'));
		const lines = text.split('\n');
		const at = lines.findIndex((line) => line.includes('filter proc:'));
		const filterText = lines
			.slice(at, at + 3)
			.map((line) => line.trim())
			.join(' ');
		for (const field of FILTER_FIELDS)
			assert.ok(filterText.includes(`${field}:`), `${field}: in ${filterText}`);
		assert.doesNotMatch(lines[at]!, /…$/, 'not cut');
		ui.unmount();
	});

	it('? scrolls when the help does not fit, and q closes it without quitting', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('?');
		let text = await ui.waitFor((frame) => /Keys {2}1-\d+ of \d+/.test(frame));
		assert.match(text, /more below/);
		assert.ok(!text.includes('quick port scan'));
		await ui.press(KEYS.pageDown, KEYS.pageDown);
		text = await ui.waitFor((frame) => frame.includes('quick port scan'));
		assert.ok(!text.includes('more below'));
		await ui.press('q');
		await ui.waitFor((frame) => frame.includes('Listening'));
		ui.unmount();
	});

	it('Enter shows the process, its command line, sockets and remote peers', async (t) => {
		const ui = renderDashboard(t, {
			steps: [{records: [nginx, web1, web2]}],
			processInfo: async (pid) => ({
				pid,
				command: 'nginx: master process /usr/sbin/nginx -g daemon on;',
				user: 'root',
				ppid: 1,
			}),
		});
		await ui.waitFor((frame) => frame.includes('nginx'));
		await ui.press(KEYS.enter);
		const text = await ui.waitFor((frame) => frame.includes('command: nginx: master'));
		assert.match(text, /Process 1200 nginx/);
		assert.match(text, /user:\s+root/);
		assert.match(text, /sockets: 3 \(1 listening\/bound, 2 connected\)/);
		assert.match(text, /remote peers: 2/);
		assert.match(text, /198\.51\.100\.1\s+1 connection/);
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => frame.includes('Listening'));
		ui.unmount();
	});

	it('rings the bell for a new listening port with --bell', async (t) => {
		const ui = renderDashboard(t, {
			steps: [{records: [ssh]}, {records: [ssh, web1]}, {records: [ssh, web1, redis]}],
			config: {bell: true},
		});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.tick();
		await ui.waitFor((frame) => frame.includes('198.51.100.1'));
		assert.equal(ui.bells.length, 0, 'a new connection is not a new listener');
		await ui.tick();
		await ui.waitFor((frame) => frame.includes('redis'));
		assert.equal(ui.bells.length, 1);
		ui.unmount();
	});
});

describe('hostile process names', () => {
	it('shows control characters as ? in the table, the details and the kill dialog', async (t) => {
		const evil = rec({localAddress: '0.0.0.0', localPort: 4567, pid: 66, process: '\x1b[2JEVIL\x07'});
		const ui = renderDashboard(t, {steps: [{records: [evil]}]});
		await ui.waitFor((frame) => frame.includes('EVIL'));
		const raw = () => ui.stdout.lastFrame();
		assert.ok(raw().includes('?[2JEVIL?'), 'table');
		assert.ok(!raw().includes('\x1b[2J'));
		await ui.press(KEYS.enter);
		await ui.waitFor((frame) => frame.includes('Process 66'));
		assert.ok(raw().includes('Process 66 ?[2JEVIL?'), 'detail title');
		await ui.press(KEYS.escape, 'K');
		await ui.waitFor((frame) => frame.includes('Terminate process'));
		assert.ok(!raw().includes('\x1b[2J') && !raw().includes('\x07'), 'kill dialog');
		ui.unmount();
	});
});

describe('kill action', () => {
	it('asks first, showing pid, name and ports; n sends nothing', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx, web1]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		await ui.press('K');
		const text = await ui.waitFor((frame) => frame.includes('Terminate process'));
		assert.match(text, /pid 1200\s+nginx/);
		assert.match(text, /listening on: tcp 0\.0\.0\.0:80/);
		assert.match(text, /connections: 1/);
		await ui.press('n');
		await ui.waitFor((frame) => frame.includes('not terminated'));
		assert.deepEqual(ui.killer.sent, []);
		ui.unmount();
	});

	it('sends SIGTERM on y and reports the exit', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		ui.killer.diesOn.set(1200, 'SIGTERM');
		await ui.press('K', 'y');
		await ui.tick(200);
		await ui.waitFor((frame) => frame.includes('exited after SIGTERM'));
		assert.deepEqual(ui.killer.sent, [{pid: 1200, signal: 'SIGTERM'}]);
		ui.unmount();
	});

	it('offers SIGKILL when the process is still alive', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		ui.killer.diesOn.set(1200, 'SIGKILL');
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('Terminate process'));
		await ui.press('y');
		await ui.tick(1100);
		await ui.waitFor((frame) => frame.includes('Send SIGKILL to 1200 (nginx)?'));
		await ui.press('y');
		await ui.tick(200);
		await ui.waitFor((frame) => frame.includes('exited after SIGKILL'));
		assert.deepEqual(ui.killer.sent, [
			{pid: 1200, signal: 'SIGTERM'},
			{pid: 1200, signal: 'SIGKILL'},
		]);
		ui.unmount();
	});

	it('reports no permission and already-gone cleanly', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx, ssh]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.results.set(812, 'no-permission');
		await ui.press('K', 'y');
		await ui.waitFor((frame) => frame.includes('no permission to signal 812 (sshd)'));
		await ui.press('j', 'K', 'y');
		await ui.waitFor((frame) => frame.includes('1200 (nginx) had already exited'));
		assert.deepEqual(
			ui.killer.sent.map((sent) => sent.pid),
			[812, 1200],
		);
		ui.unmount();
	});

	it('is not opened by Backspace or Delete (Ink reports both as "delete")', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx]}]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		await ui.press(KEYS.backspace, KEYS.delete, 'y');
		await new Promise((resolve) => setTimeout(resolve, 50));
		assert.ok(!ui.frame().includes('Terminate process'));
		assert.deepEqual(ui.killer.sent, []);
		ui.unmount();
	});

	it('is disabled with --read-only and for sockets without a known owner', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginx, wait]}], config: {readOnly: true}});
		await ui.waitFor((frame) => frame.includes('nginx'));
		assert.ok(!ui.lines().at(-1)!.includes('kill'));
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('read-only mode'));
		ui.unmount();
		const other = renderDashboard(t, {steps: [{records: [wait]}]});
		await other.waitFor((frame) => frame.includes('TIME_WAIT'));
		await other.press(KEYS.tab, 'K');
		await other.waitFor((frame) => frame.includes('no process holds this socket'));
		assert.deepEqual(other.killer.sent, []);
		other.unmount();
	});

	it('signals the pid that was shown even if the row changes meanwhile', async (t) => {
		const moved = rec({localAddress: '0.0.0.0', localPort: 80, pid: 4444, process: 'nginx'});
		const ui = renderDashboard(t, {steps: [{records: [nginx]}, {records: [moved]}]});
		await ui.waitFor((frame) => frame.includes('1200'));
		ui.killer.alive.add(1200);
		ui.killer.diesOn.set(1200, 'SIGTERM');
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('pid 1200'));
		await ui.tick();
		await ui.press('y');
		await ui.tick(200);
		await ui.waitFor((frame) => frame.includes('exited'));
		assert.deepEqual(ui.killer.sent, [{pid: 1200, signal: 'SIGTERM'}]);
		ui.unmount();
	});
});
