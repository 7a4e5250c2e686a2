// K on a row of another host, through the whole dashboard (fake clock, fake ssh killer):
// the signals go to the remote killer with the row's host, never to the local one.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {RemoteKiller, RemoteSignalResult} from '../../source/sources/remote/remote-killer.js';
import {renderDashboard} from '../helpers/dashboard-harness.js';
import {rec} from '../helpers/records.js';

/** A remote host's processes: `alive` pids die on the signal in `diesOn`. */
class FakeRemoteKiller implements RemoteKiller {
	sent: {dest: string; pid: number; signal: string}[] = [];
	alive = new Set<number>();
	diesOn = new Map<number, 'SIGTERM' | 'SIGKILL'>();
	async signal(dest: string, pid: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<RemoteSignalResult> {
		this.sent.push({dest, pid, signal});
		if (!this.alive.has(pid)) return 'gone';
		if (this.diesOn.get(pid) === signal || this.diesOn.get(pid) === 'SIGTERM') this.alive.delete(pid);
		return 'sent';
	}
	async isAlive(_dest: string, pid: number) {
		return this.alive.has(pid);
	}
}

const nginxOnWeb1 = {
	...rec({localAddress: '0.0.0.0', localPort: 80, pid: 1200, process: 'nginx'}),
	host: 'web1',
};

describe('kill on a remote row (dashboard)', () => {
	it('names the host, sends SIGTERM then the offered SIGKILL through the remote killer only', async (t) => {
		const remote = new FakeRemoteKiller();
		const ui = renderDashboard(t, {steps: [{records: [nginxOnWeb1]}], remoteKiller: remote, columns: 120});
		await ui.waitFor((frame) => frame.includes('nginx'));
		remote.alive.add(1200);
		remote.diesOn.set(1200, 'SIGKILL');
		ui.killer.alive.add(1200); // a local process with the same pid: never touched
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('Send SIGTERM to 1200 (nginx) on web1?'));
		await ui.press('y');
		for (let i = 0; i < 12 && !ui.frame().includes('Send SIGKILL'); i++) await ui.tick(300);
		await ui.waitFor((frame) => frame.includes('Send SIGKILL to 1200 (nginx) on web1?'));
		await ui.press('y');
		for (let i = 0; i < 4 && !ui.frame().includes('exited after'); i++) await ui.tick(300);
		await ui.waitFor((frame) => frame.includes('1200 (nginx) on web1 exited after SIGKILL'));
		assert.deepEqual(remote.sent, [
			{dest: 'web1', pid: 1200, signal: 'SIGTERM'},
			{dest: 'web1', pid: 1200, signal: 'SIGKILL'},
		]);
		assert.deepEqual(ui.killer.sent, []);
		ui.unmount();
	});

	it('without a remote killer refuses with a message and signals nothing here', async (t) => {
		const ui = renderDashboard(t, {steps: [{records: [nginxOnWeb1]}], columns: 120});
		await ui.waitFor((frame) => frame.includes('nginx'));
		ui.killer.alive.add(1200);
		await ui.press('K');
		await ui.waitFor((frame) => frame.includes('on web1?'));
		await ui.press('y');
		await ui.waitFor((frame) => frame.includes('cannot signal processes on web1'));
		assert.deepEqual(ui.killer.sent, []);
		ui.unmount();
	});
});
