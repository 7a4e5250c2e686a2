import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ConnectFn} from '../../source/scan/scan-types.js';
import {KEYS, renderDashboard} from '../helpers/dashboard-harness.js';
import {rec} from '../helpers/records.js';

const nginx = rec({localAddress: '0.0.0.0', localPort: 80, pid: 1200, process: 'nginx'});
const ssh = rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd'});
const peer = rec({
	localPort: 22,
	remoteAddress: '192.0.2.77',
	remotePort: 50000,
	state: 'ESTABLISHED',
	pid: 3000,
	process: 'sshd',
});

async function clearField(ui: ReturnType<typeof renderDashboard>, length: number) {
	for (let i = 0; i < length; i++) await ui.press(KEYS.backspace);
}

describe('quick scan in the dashboard', () => {
	it('prefills 127.0.0.1 for a listener and the remote end for a connection', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, peer]}]});
		await ui.waitFor((frame) => frame.includes('192.0.2.77'));
		await ui.press('s');
		await ui.waitFor((frame) => /target: 127\.0\.0\.1▏\s+ports: top100/.test(frame));
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => !frame.includes('target:'));
		// Esc left the focus on the scan pane; Shift-Tab goes back to the connections.
		await ui.press(KEYS.shiftTab, 's');
		await ui.waitFor((frame) => frame.includes('target: 192.0.2.77'));
		ui.unmount();
	});

	it('scans, shows open ports with service, latency and the local owner, then compares with the last scan', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx]}], openPorts: [22, 80]});
		await ui.waitFor((frame) => frame.includes('nginx'));
		await ui.press('s', KEYS.tab);
		await clearField(ui, 6);
		await ui.type('20-100');
		await ui.press(KEYS.enter);
		let text = await ui.waitFor((frame) => frame.includes('done 127.0.0.1'));
		assert.match(text, /done 127\.0\.0\.1 \(20-100\): 81 ports in [\d.]+s · 2 open · 79 closed · 0 filtered/);
		assert.match(text, /22\/tcp open\s+ssh\s+[\d.]+ms\s+← sshd \(812\)/);
		assert.match(text, /80\/tcp open\s+http\s+[\d.]+ms\s+← nginx \(1200\)/);
		assert.ok(!text.includes('since last scan'), 'nothing to compare with yet');
		// Same target again: the form remembers it; now port 80 is closed and 81 open.
		ui.unmount();

		const again = renderDashboard(t, {steps: [{records: [ssh, nginx]}]});
		let open = new Set([22, 80]);
		const connect: ConnectFn = async (_host, port) => (open.has(port) ? 'open' : 'closed');
		const ui2 = renderDashboard(t, {steps: [{records: [ssh, nginx]}], connect});
		again.unmount();
		await ui2.waitFor((frame) => frame.includes('nginx'));
		await ui2.press('s', KEYS.tab);
		await clearField(ui2, 6);
		await ui2.type('20-100');
		await ui2.press(KEYS.enter);
		await ui2.waitFor((frame) => frame.includes('done 127.0.0.1'));
		open = new Set([22, 81]);
		await ui2.press(KEYS.tab, KEYS.tab, 's');
		await ui2.waitFor((frame) => frame.includes('ports: 20-100'));
		await ui2.press(KEYS.enter);
		text = await ui2.waitFor((frame) => frame.includes('since last scan'));
		assert.match(text, /since last scan: \+1 open \(81\), −1 closed \(80\)/);
		ui2.unmount();
	});

	it('shows unreachable ports apart from filtered ones, and one error when nothing answered', async (t) => {
		let unreachable = (port: number) => port <= 22;
		const connect: ConnectFn = async (_host, port) =>
			unreachable(port) ? {error: 'EHOSTUNREACH'} : 'closed';
		const ui = renderDashboard(t, {steps: [{records: [ssh, nginx]}], connect, columns: 160, rows: 50});
		await ui.waitFor((frame) => frame.includes('nginx'));
		await ui.press('s', KEYS.tab);
		await clearField(ui, 6);
		await ui.type('20-30');
		await ui.press(KEYS.enter);
		const text = await ui.waitFor((frame) => frame.includes('done 127.0.0.1'));
		assert.match(
			text,
			/done 127\.0\.0\.1 \(20-30\): 11 ports in [\d.]+s · 0 open · 8 closed · 0 filtered · 3 unreachable/,
		);
		unreachable = () => true;
		await ui.press(KEYS.tab, KEYS.tab, 's');
		await ui.waitFor((frame) => frame.includes('ports: 20-30'));
		await ui.press(KEYS.enter);
		const failed = await ui.waitFor((frame) => frame.includes('failed'));
		assert.match(
			failed,
			/scan of 127\.0\.0\.1 \(20-30\) failed:\s*\n\s*unreachable \(EHOSTUNREACH\): no route to the host/,
		);
		ui.unmount();
	});

	it('refuses bad input inline and starts nothing', async (t) => {
		let connects = 0;
		const connect: ConnectFn = async () => {
			connects++;
			return 'closed';
		};
		const ui = renderDashboard(t, {steps: [{records: [ssh]}], connect});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('s', KEYS.tab);
		await clearField(ui, 6);
		await ui.type('0,70000');
		await ui.press(KEYS.enter);
		await ui.waitFor((frame) => frame.includes('port 0 is not a valid port (use 1-65535)'));
		await clearField(ui, 7);
		await ui.type('80,70000');
		await ui.press(KEYS.enter);
		await ui.waitFor((frame) => frame.includes('port "70000" is out of range (1-65535)'));
		await clearField(ui, 8);
		await ui.press(KEYS.enter);
		await ui.waitFor((frame) => frame.includes('target:') && /enter ports/.test(frame));
		await ui.type('top100');
		await ui.press(KEYS.tab);
		await clearField(ui, 9);
		await ui.type('no.such.host.invalid');
		await ui.press(KEYS.enter);
		await ui.waitFor(
			(frame) => /no\.such\.host\.invalid/.test(frame) && /resolve|not found|ENOTFOUND/i.test(frame),
		);
		await clearField(ui, 20);
		await ui.type('10.0.0.0/16');
		await ui.press(KEYS.enter);
		await ui.waitFor((frame) => /too many hosts/.test(frame));
		assert.equal(connects, 0);
		assert.equal(ui.scanner.getSnapshot().phase, 'idle');
		ui.unmount();
	});

	it('Esc cancels a running scan; the dashboard keeps refreshing meanwhile', async (t) => {
		let pending = 0;
		const connect: ConnectFn = (_host, _port, _timeout, signal) =>
			new Promise((resolve) => {
				pending++;
				signal.addEventListener('abort', () => {
					pending--;
					resolve({error: 'ABORT_ERR'});
				});
			});
		const ui = renderDashboard(t, {steps: [{records: [ssh]}, {records: [ssh, nginx]}], connect});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('s', KEYS.enter);
		await ui.waitFor((frame) => frame.includes('scanning 127.0.0.1'));
		// At 80 columns the progress line drops whole parts instead of cutting `Esc cance…`.
		const progress = await ui.waitFor((frame) => /scanning 127.0.0.1.*\d+\/\d+/.test(frame));
		const line = progress.split('\n').find((text) => text.includes('scanning 127.0.0.1'))!;
		assert.match(line.trimEnd(), /Esc cancels$/, line);
		assert.doesNotMatch(line, /…/, line);
		await ui.tick();
		await ui.waitFor((frame) => frame.includes('nginx'));
		assert.ok(pending > 0);
		await ui.press(KEYS.escape);
		await ui.waitFor((frame) => frame.includes('cancelled 127.0.0.1'));
		assert.equal(pending, 0, 'every connect was released');
		ui.unmount();
	});
});
