// `K` on a row of another host (`--host`): the same dialog and the same paste-safe
// confirmation as a local row, a target that names the host, and nothing of another
// host's rows (same pid number, another process) in what it shows.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {killQuestion} from '../../../source/ui/components/kill-dialog.js';
import {reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import type {Effect} from '../../../source/ui/controller/types.js';
import {rec} from '../../helpers/records.js';
import {initial, key, read, rowOf, viewOf} from './fixtures.js';

const signals = (effects: readonly Effect[]) => effects.filter((effect) => effect.kind === 'signal');

// nginx 1200 on web1, and a local process that happens to have the same pid.
const remote = rowOf({
	...rec({localAddress: '0.0.0.0', localPort: 80, pid: 1200, process: 'nginx'}),
	host: 'web1',
});
const localSamePid = rowOf(rec({localAddress: '0.0.0.0', localPort: 8080, pid: 1200, process: 'python3'}));
const remoteNoPid = rowOf({...rec({localAddress: '0.0.0.0', localPort: 443}), host: 'mac1'});

describe('kill on a remote row', () => {
	it('opens the dialog for that host; only a lone y in a later read sends SIGTERM', () => {
		const view = viewOf({rows: [remote, localSamePid]});
		const opened = reduceKeys(initial(), read('Ky', 1), view);
		assert.equal(opened.state.mode, 'kill');
		assert.deepEqual(signals(opened.effects), [], 'K and y in one read (a paste) never confirm');
		const target = opened.state.kill!.target;
		assert.equal(target.host, 'web1');
		assert.deepEqual(target.owners, [{pid: 1200, process: 'nginx'}]);
		assert.deepEqual(target.ports, ['tcp 0.0.0.0:80'], 'the local pid 1200 listening on 8080 is not web1’s');
		assert.equal(killQuestion(target, 'confirm'), 'Send SIGTERM to 1200 (nginx) on web1?  y / n / Esc');
		const yes = reduceKeys(opened.state, [key('y', 2)], view);
		assert.deepEqual(signals(yes.effects), [{kind: 'signal', signal: 'SIGTERM', target}]);
		assert.match(killQuestion(target, 'waiting'), /signal sent to 1200 on web1/);
		assert.match(killQuestion(target, 'offer-kill'), /Send SIGKILL to 1200 \(nginx\) on web1\?/);
	});

	it('a local row’s target has no host', () => {
		const state = reduceKeys(initial(), read('K', 1), viewOf({rows: [localSamePid, remote]})).state;
		assert.equal(state.kill?.target.host, undefined);
		assert.deepEqual(state.kill?.target.ports, ['tcp 0.0.0.0:8080']);
	});

	it('is refused with --read-only', () => {
		const step = reduceKeys(initial(), read('K', 1), viewOf({rows: [remote], readOnly: true}));
		assert.equal(step.state.mode, 'table');
		assert.equal(step.state.message?.text, 'read-only mode: kill is disabled');
	});

	it('is refused, saying why, when the host gave no pid (fallback without -p)', () => {
		const step = reduceKeys(initial(), read('K', 1), viewOf({rows: [remoteNoPid]}));
		assert.equal(step.state.mode, 'table');
		assert.equal(step.state.kill, null);
		assert.match(step.state.message?.text ?? '', /^pid unknown on mac1 /);
	});

	it("Enter on a remote row opens the detail view of that host's process", () => {
		const step = reduceKeys(initial(), [key('enter', 1)], viewOf({rows: [remote]}));
		assert.equal(step.state.mode, 'detail');
		assert.deepEqual([step.state.detail?.pid, step.state.detail?.host], [1200, 'web1']);
		const local = reduceKeys(initial(), [key('enter', 1)], viewOf({rows: [localSamePid]}));
		assert.equal(local.state.detail?.host, undefined);
	});
});
