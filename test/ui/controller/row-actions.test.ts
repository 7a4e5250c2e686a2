// Enter / K / p on a row with no pid, or with no row at all: the message says the real cause.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {UnattributedCause} from '../../../source/model/attribution.js';
import {reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import type {ControllerView} from '../../../source/ui/controller/types.js';
import {rec} from '../../helpers/records.js';
import {initial, read, rowOf, viewOf} from './fixtures.js';

const timeWait = rowOf(
	rec({localPort: 80, remoteAddress: '198.51.100.7', remotePort: 50000, state: 'TIME_WAIT'}),
);
const hidden = rowOf(
	rec({localPort: 80, remoteAddress: '198.51.100.8', remotePort: 50001, state: 'ESTABLISHED', inode: 4242}),
);

function withCause(view: ControllerView, cause: UnattributedCause | null): ControllerView {
	return {...view, snapshot: {...view.snapshot, unattributedCause: cause}};
}

const messageAfter = (keys: string, view: ControllerView) =>
	reduceKeys(initial({focus: 'established'}), read(keys, 1), view).state.message?.text;

describe('row actions on a socket with no pid', () => {
	for (const keys of ['\r', 'K', 'p']) {
		it(`${JSON.stringify(keys)}: TIME_WAIT (no inode) has no process at all, even as root`, () => {
			const view = withCause(viewOf({rows: [timeWait]}), 'hidden-from-root');
			assert.equal(messageAfter(keys, view), 'no process holds this socket');
		});
	}

	it('root, owners hidden: PID namespace, sandbox or hidepid', () => {
		const view = withCause(viewOf({rows: [hidden]}), 'hidden-from-root');
		assert.equal(messageAfter('\r', view), 'owner hidden (PID namespace, sandbox or hidepid)');
	});

	it('not root: says so and that sudo shows owners', () => {
		const view = withCause(viewOf({rows: [hidden]}), 'not-root');
		assert.equal(messageAfter('K', view), 'owner unknown: not root (sudo shows owners)');
	});

	it('never tells root to run as root', () => {
		for (const cause of ['hidden-from-root', null] as const) {
			for (const row of [timeWait, hidden]) {
				const text = messageAfter('\r', withCause(viewOf({rows: [row]}), cause)) ?? '';
				assert.doesNotMatch(text, /run as root/);
			}
		}
	});
});

describe('row actions with no row', () => {
	it('K in a pane a filter left empty: a short message, no dialog', () => {
		const step = reduceKeys(initial({focus: 'listening'}), read('K', 1), viewOf({rows: []}));
		assert.equal(step.state.mode, 'table');
		assert.equal(step.state.message?.text, 'no row selected');
	});

	it('Enter with the Quick scan pane focused: a short message', () => {
		const step = reduceKeys(
			initial({focus: 'scan'}),
			read('\r', 1),
			viewOf({scan: {phase: 'done', results: 3, room: 5}}),
		);
		assert.equal(step.state.message?.text, 'no row selected');
	});
});
