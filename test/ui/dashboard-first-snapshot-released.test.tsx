// The real dashboard lets go of the snapshots it drew before (issue 14, memory): functions
// memoized in the first render (the pause's `freeze`, the remote column's `hostName`, the kill
// flow's clean-up) kept that render's whole scope, and with it the first snapshot and its
// sorted rows: at 10,000 connections the tables-only rows and records, ≈6 MB of the
// dashboard's heap (docs/memory.md). Checked with a WeakRef and full collections.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Snapshot} from '../../source/store/snapshot.js';
import {collector} from '../../source/threads/heap-trim.js';
import {renderDashboard} from '../helpers/dashboard-harness.js';
import {rec} from '../helpers/records.js';

const listener = rec({localAddress: '0.0.0.0', localPort: 8080, pid: 4242, process: 'webserver', inode: 901});
const peer = (port: number) =>
	rec({
		localPort: 8080,
		remoteAddress: '127.0.0.1',
		remotePort: port,
		state: 'ESTABLISHED',
		pid: 4242,
		process: 'webserver',
		inode: port,
	});
const POLLS = [40001, 40002, 40003, 40004, 40005];

describe('dashboard memory: drawn snapshots are released', () => {
	it('the snapshot of the first render is collectable after a few more were drawn', async (t) => {
		const gc = collector();
		if (!gc) return t.skip('V8 refused --expose-gc at run time: cannot force a collection');
		const dash = renderDashboard(t, {steps: POLLS.map((port) => ({records: [listener, peer(port)]}))});
		// What the first render drew (the store's snapshot before its first poll).
		const first = new WeakRef<Snapshot>(dash.store.getSnapshot());
		for (const [i, port] of POLLS.entries()) {
			if (i > 0) await dash.store.refresh();
			await dash.waitFor((text) => text.includes(`:${port}`), `the connection from ${port}`);
		}
		// deref() keeps its target alive until the current job ends: each check and each
		// collection in a turn of its own.
		let kept = true;
		for (let i = 0; i < 5 && kept; i++) {
			await new Promise((resolve) => setImmediate(resolve));
			gc();
			await new Promise((resolve) => setImmediate(resolve));
			kept = first.deref() !== undefined;
		}
		assert.equal(kept, false, 'the first snapshot is still reachable');
	});
});
