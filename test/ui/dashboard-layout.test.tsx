import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import stringWidth from 'string-width';
import {SourceError} from '../../source/sources/source.js';
import {renderDashboard} from '../helpers/dashboard-harness.js';
import {loopbackConnections, rec, serverListeners} from '../helpers/records.js';

const {sshd, postgres, nginx6, resolver} = serverListeners;
const listeners = [sshd, postgres, nginx6, resolver];
const conns = [
	rec({
		localAddress: '10.0.0.5',
		localPort: 22,
		remoteAddress: '203.0.113.9',
		remotePort: 50122,
		state: 'ESTABLISHED',
		pid: 3000,
		process: 'sshd',
	}),
	rec({
		family: 6,
		localAddress: '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1',
		localPort: 443,
		remoteAddress: 'fe80::1234:5678:9abc:def0%eth0',
		remotePort: 61000,
		state: 'TIME_WAIT',
	}),
];

// Two sockets some process holds (they have an inode) that nobody could be found for.
const hidden = [50_001, 50_002].map((remotePort) =>
	rec({remoteAddress: '127.0.0.1', remotePort, state: 'CLOSE_WAIT', inode: remotePort}),
);

function assertFits(lines: string[], columns: number, rows: number) {
	assert.ok(lines.length <= rows - 1, `frame has ${lines.length} lines, terminal ${rows}`);
	for (const line of lines) assert.ok(stringWidth(line) <= columns, `line wider than ${columns}: "${line}"`);
}

describe('dashboard layout', () => {
	it('shows header, both panes, scan area and footer at 80×24', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [...listeners, ...conns, ...hidden], unattributed: 2}]});
		const text = await ui.waitFor((frame) => frame.includes('sshd'));
		const lines = ui.lines();
		assertFits(lines, 80, 24);
		assert.equal(lines.length, 23, 'the frame is exactly rows - 1 tall');
		assert.match(lines[0]!, /^socktop\s+testhost\s+procfs every 1s\s+updated \d\d:\d\d:\d\d/);
		// The sudo hint (the cause: not root) shortens to fit 80 columns instead of being cut mid-word.
		assert.equal(lines[1], 'listening 4  established 1  other 3  unattributed 2 (sudo shows owners)');
		assert.match(text, /Listening \(4\)/);
		assert.match(text, /Connections \(4\)/);
		assert.match(text, /Quick scan/);
		assert.match(text, /PROTO\s+ADDRESS\s+PORT\s+SERVICE\s+EXPOSED\s+PID\s+PROCESS/);
		assert.match(text, /tcp4\s+0\.0\.0\.0\s+22\s+ssh\s+all ifaces\s+812\s+sshd/);
		assert.match(text, /tcp4\s+127\.0\.0\.1\s+5432\s+postgresql\s+loopback\s+900\s+postgres/);
		// Columns sized by what the rows hold: the whole process name fits.
		assert.match(text, /udp4\s+127\.0\.0\.53\s+53\s+domain\s+loopback\s+400\s+systemd-resolved/);
		assert.match(text, /203\.0\.113\.9:50122\s+ESTABLISHED\s+3000\s+sshd/);
		assert.match(lines.at(-1)!, /q quit/);
		ui.unmount();
	});

	it('keeps the state and whole words at 60×16', async (t) => {
		const ui = renderDashboard(t, {
			steps: [{records: [...listeners, ...conns, ...hidden], unattributed: 2}],
			columns: 60,
			rows: 16,
		});
		const text = await ui.waitFor((frame) => frame.includes('sshd'));
		const lines = ui.lines();
		assertFits(lines, 60, 16);
		assert.equal(lines[1], 'listening 4  established 1  other 3  unattributed 2');
		assert.match(text, /LOCAL\s+REMOTE\s+STATE\s+PROCESS/);
		assert.match(
			text,
			/203\.0\.11\S*:50122\s+ESTABLISHED\s+sshd/,
			'the address cut in the middle, the state whole',
		);
		ui.unmount();
	});

	it('uses the width of a 160×50 terminal for more columns', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [...listeners, ...conns]}], columns: 160, rows: 50});
		const text = await ui.waitFor((frame) => frame.includes('sshd'));
		assertFits(ui.lines(), 160, 50);
		assert.equal(ui.lines().length, 49);
		assert.match(text, /PROTO\s+ADDRESS\s+PORT\s+SERVICE\s+CLASS\s+EXPOSED\s+PID\s+PROCESS\s+USER/);
		assert.match(text, /22\s+ssh\s+well-known\s+all ifaces\s+812\s+sshd\s+root/);
		assert.match(text, /5432\s+postgresql\s+registered/);
		// Full IPv6 with scope fits at this width.
		assert.match(text, /\[fe80::1234:5678:9abc:def0%eth0\]:61000/);
		ui.unmount();
	});

	it('truncates long names and addresses on one line instead of wrapping', async (t) => {
		const long = rec({
			localAddress: '0.0.0.0',
			localPort: 9999,
			pid: 77,
			process: 'a-very-long-process-name-that-goes-on-and-on-and-on-forever',
		});
		const ui = renderDashboard(t, {steps: [{records: [long, ...conns]}]});
		const text = await ui.waitFor((frame) => frame.includes('9999'));
		assertFits(ui.lines(), 80, 24);
		assert.match(text, /a-very-lo\S*…/);
		assert.match(text, /\[2001:d\S*…\S*:1\]:443/, 'addresses keep both ends');
		ui.unmount();
	});

	it('shows empty states', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: []}]});
		const text = await ui.waitFor((frame) => frame.includes('Listening (0)'));
		assert.match(text, /Connections \(0\)/);
		assert.match(text, /no sockets\n/, 'no filter: not "no sockets match the filter"');
		assert.doesNotMatch(text, /match the filter/);
		assertFits(ui.lines(), 80, 24);
		ui.unmount();
	});

	it('shows a stale marker and the error while keeping the last good data', async (t) => {
		const ui = renderDashboard(t, {
			steps: [
				{records: listeners},
				{error: new SourceError('EACCES', 'permission denied reading /proc/net/tcp')},
			],
		});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.tick();
		const text = await ui.waitFor((frame) => frame.includes('STALE'));
		assert.match(text, /source error: permission denied reading \/proc\/net\/tcp \(showing last good data\)/);
		assert.match(text, /sshd/);
		ui.unmount();
	});

	it('says so when the first poll fails', async (t) => {
		const ui = renderDashboard(t, {
			steps: [{error: new SourceError('ENOENT', 'netstat was not found on PATH')}],
		});
		const text = await ui.waitFor((frame) => frame.includes('NO DATA'));
		assert.match(text, /netstat was not found on PATH/);
		ui.unmount();
	});

	it('renders only the rows that fit and says how many are hidden', async (t) => {
		const many = loopbackConnections(500);
		const ui = renderDashboard(t, {steps: [{records: [...listeners, ...many]}]});
		const text = await ui.waitFor((frame) => frame.includes('Connections (500)'));
		assertFits(ui.lines(), 80, 24);
		const shown = ui.lines().filter((line) => /127\.0\.0\.1:1\d{4}/.test(line)).length;
		assert.ok(shown > 0 && shown < 20, `${shown} connection rows rendered`);
		assert.match(text, new RegExp(`↓${500 - shown} below`));
		ui.unmount();
	});

	it('says the terminal is too small instead of garbling', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: listeners}], columns: 50, rows: 12});
		const text = await ui.waitFor((frame) => frame.includes('too small'));
		assert.match(text.replace(/\s+/g, ' '), /Terminal too small: 50×12\. socktop needs at least 60×16\./);
		ui.unmount();
	});

	it('at 40x10 the too-small note is broken at words, no line starts with a space', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: listeners}], columns: 40, rows: 10});
		await ui.waitFor((frame) => frame.includes('too small'));
		const lines = ui.lines().filter((line) => line.trim() !== '');
		assert.ok(lines.length >= 2, lines.join('\n'));
		for (const line of lines) {
			assert.doesNotMatch(line, /^\s/, `no leading space: ${JSON.stringify(line)}`);
			assert.ok(line.length <= 40, line);
		}
		assert.match(lines.join(' '), /Terminal too small: 40×10\. socktop needs at least \d+×\d+\./);
		ui.unmount();
	});

	it('re-lays out at once on resize', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [...listeners, ...conns]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		ui.stdout.resize(160, 50);
		await ui.waitFor((frame) => frame.includes('USER'));
		assert.equal(ui.lines().length, 49);
		ui.stdout.resize(40, 10);
		await ui.waitFor((frame) => frame.includes('too small'));
		ui.stdout.resize(80, 24);
		await ui.waitFor((frame) => frame.includes('Listening'));
		assertFits(ui.lines(), 80, 24);
		ui.unmount();
	});

	it('marks new rows with + and closed rows with × (no colour needed)', async (t) => {
		const [ssh, pg] = listeners;
		const ui = renderDashboard(t, {steps: [{records: [ssh!]}, {records: [pg!]}]});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.tick();
		const text = await ui.waitFor((frame) => frame.includes('postgres'));
		assert.match(text, /\+tcp4\s+127\.0\.0\.1\s+5432/);
		assert.match(text, /×tcp4\s+0\.0\.0\.0\s+22/);
		ui.unmount();
	});
	it('before the first data: loading in both panes with the time waited, no zero counts', async (t) => {
		const ui = renderDashboard(t, {steps: [{hang: true}]});
		const text = await ui.waitFor((frame) => frame.includes('reading sockets'));
		assert.match(ui.lines()[0]!, /reading sockets… 0 s/);
		assert.match(ui.lines()[1]!, /^loading…/);
		assert.doesNotMatch(text, /listening 0|\(0\)|NO DATA|match the filter|no sockets|last good data/);
		assert.match(text, /Listening \(loading…\)/);
		assert.match(text, /Connections \(loading…\)/);
		assert.equal(text.match(/^ {2}loading…$/gm)?.length, 2, text);
		await ui.tick(3000);
		assert.match(await ui.waitFor((frame) => frame.includes('3 s')), /reading sockets… 3 s/);
		ui.unmount();
	});

	it('a first poll that fails says there is no data, not "last good data"', async (t) => {
		const ui = renderDashboard(t, {steps: [{error: new SourceError('EACCES', 'cannot read /proc/net/tcp')}]});
		const text = await ui.waitFor((frame) => frame.includes('NO DATA'));
		assert.match(text, /source error: cannot read \/proc\/net\/tcp \(retrying\)/);
		assert.doesNotMatch(text, /last good data|match the filter|listening 0/);
		assert.match(text, /no data: the source failed/);
		// The titles say there is no data, not a count of 0 (QA: `--timeout 1` showed `Listening (0)`).
		assert.match(text, /Listening \(no data\)/);
		assert.match(text, /Connections \(no data\)/);
		assert.doesNotMatch(text, /\(0\)/);
		ui.unmount();
	});

	it('counts unattributed sockets among those the filter shows', async (t) => {
		const hidden = rec({remoteAddress: '127.0.0.1', remotePort: 50_001, state: 'CLOSE_WAIT', inode: 7});
		const ui = renderDashboard(t, {
			steps: [{records: [...listeners, hidden], unattributed: 1}],
			config: {initialFilter: 'proc:sshd'},
		});
		const text = await ui.waitFor((frame) => frame.includes('sshd'));
		assert.match(text, /unattributed 0/);
		ui.unmount();
	});
});
