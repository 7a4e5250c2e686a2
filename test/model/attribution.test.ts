import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {unattributedNamespaces, unattributedNote} from '../../source/model/attribution.js';
import {rec} from '../helpers/records.js';

describe('unattributed note', () => {
	const unowned = (netns: number | null, container: string | null = null) =>
		rec({localPort: 80, state: 'LISTEN', netns, container, inode: 1000 + (netns ?? 0)});

	it('names the namespaces of unowned sockets, busiest first, a few and the count of the rest', () => {
		const records = [
			unowned(null),
			unowned(11),
			unowned(12, 'docker:3f2a9c1be4d5'),
			unowned(12, 'docker:3f2a9c1be4d5'),
			unowned(13),
			unowned(14),
			unowned(15),
		];
		assert.equal(
			unattributedNamespaces(records),
			'docker:3f2a9c1be4d5 (2), netns 11 (1), netns 13 (1) and 2 more',
		);
		assert.equal(unattributedNamespaces([unowned(null)]), null, 'this namespace only: nothing to name');
	});

	it('reads as one line with its cause', () => {
		assert.equal(
			unattributedNote(3, 'not-root', 'netns 11 (3)'),
			"3 sockets have no known owner (in other network namespaces: netns 11 (3)): not root, other users' processes are hidden (run with sudo)",
		);
	});
});
