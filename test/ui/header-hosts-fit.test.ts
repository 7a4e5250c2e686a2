// QA: a --host failure reason did not fit 80 columns: the header showed only `b failed`
// (or cut the reason). Now a short reason that fits, a pointer to the help, and the full text there.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {HostStatus} from '../../source/model/host-status.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {hostHelpLines} from '../../source/ui/components/header-hosts.js';
import {wrapHelpLines} from '../../source/ui/components/help-screen.js';
import {textWidth} from '../../source/ui/model/text-fit.js';
import {statusLine} from '../helpers/header-line.js';
import {snapshotOf} from '../helpers/snapshots.js';

const now = Date.UTC(2026, 10, 30, 11, 0, 0);
const status = (fields: Partial<HostStatus>): HostStatus => ({
	host: 'local',
	state: 'live',
	mode: 'procfs',
	since: now,
	retryAt: null,
	message: null,
	command: null,
	pids: true,
	...fields,
});
const hosts = [
	status({}),
	status({
		host: 'qa-nouser@127.0.0.1',
		state: 'failed',
		mode: null,
		retryAt: now + 4000,
		message: 'ssh: connect to host 127.0.0.1 port 22: Connection refused',
	}),
];
const snapshot: Snapshot = {...snapshotOf([], {updatedAt: now}), hosts};
const line = (width: number) => statusLine(snapshot, width);

describe('a --host failure at 80 columns', () => {
	it('the header keeps the cause and points to the help, within 80 columns', () => {
		const text = line(80);
		assert.ok(textWidth(text) <= 80, text);
		assert.match(text, /qa-nouser@127\.0\.0\.1 unreachable \(\? details\)/);
		// With some room more, the cause too.
		assert.match(line(100), /qa-nouser@127\.0\.0\.1 unreachable: Connection refused \(\? details\)/);
	});

	it('the help screen says it whole, wrapped to the width', () => {
		const lines = wrapHelpLines(hostHelpLines(snapshot, now), 80);
		const text = lines.map((entry) => entry.help).join(' ');
		assert.match(
			text,
			/qa-nouser@127\.0\.0\.1 unreachable: ssh: connect to host 127\.0\.0\.1 port 22: Connection refused/,
		);
		for (const entry of lines) assert.ok(entry.help.length <= 78, entry.help);
	});

	it('nothing about hosts in the help while every host is live', () => {
		assert.deepEqual(hostHelpLines({...snapshot, hosts: [status({})]}, now), []);
	});
});
