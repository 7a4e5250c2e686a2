// Defect 1: pasted text got past the kill confirmation (`echo Kyle`: K opened the
// dialog and the y of the same paste confirmed it). A confirmation only accepts a key
// that came alone, in a read after the one during which the question appeared.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {reduceEvent, reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import type {Effect, KeyPress} from '../../../source/ui/controller/types.js';
import type {UiState} from '../../../source/ui/ui-state.js';
import {initial, read, viewOf} from './fixtures.js';

const view = viewOf();
const signals = (effects: readonly Effect[]) => effects.filter((effect) => effect.kind === 'signal');

describe('kill confirmation', () => {
	it('does not act on a paste that opens the dialog and contains y', () => {
		const step = reduceKeys(initial(), read('echo Kyle', 1), view);
		assert.deepEqual(signals(step.effects), []);
		assert.equal(step.state.mode, 'kill', 'the dialog is open, asking');
	});

	it('does not act on K and y typed together, nor on a later burst containing y', () => {
		let state = reduceKeys(initial(), read('Ky', 1), view).state;
		assert.equal(state.mode, 'kill');
		const burst = reduceKeys(state, read('xyz', 2), view);
		assert.deepEqual(signals(burst.effects), []);
		state = burst.state;
		const yes = reduceKeys(state, read('y', 3), view);
		assert.deepEqual(signals(yes.effects), [{kind: 'signal', signal: 'SIGTERM', target: state.kill!.target}]);
		assert.equal(yes.state.mode, 'kill-wait');
	});

	it('asks about SIGKILL from the read after the offer appeared', () => {
		let state = reduceKeys(initial(), read('K', 1), view).state;
		state = reduceKeys(state, read('y', 2), view).state;
		state = reduceEvent(state, {kind: 'kill-offer', afterRead: 4});
		assert.equal(state.mode, 'kill');
		assert.deepEqual(signals(reduceKeys(state, read('y', 4), view).effects), [], 'typed before the offer');
		const yes = reduceKeys(state, read('y', 5), view);
		assert.equal((signals(yes.effects)[0] as {signal: string}).signal, 'SIGKILL');
	});

	it('never signals unless the confirming key came alone in a later read (random bursts, pastes included)', () => {
		const keyText = fc.constantFrom(
			'K',
			'y',
			'n',
			'j',
			'k',
			'o',
			' ',
			'\r',
			'\t',
			'\x1b',
			'echo Kyle',
			'yes',
			'Kyy',
		);
		const action = fc.oneof(
			fc.record({kind: fc.constant('read' as const), parts: fc.array(keyText, {minLength: 1, maxLength: 4})}),
			fc.record({kind: fc.constant('offer' as const)}),
			fc.record({kind: fc.constant('done' as const)}),
		);
		fc.assert(
			fc.property(fc.array(action, {maxLength: 40}), (actions) => {
				let state: UiState = initial();
				let readNumber = 0;
				/** The read during or before which the current question appeared. */
				let askedAt: number | null = null;
				for (const step of actions) {
					if (step.kind === 'offer') {
						if (state.mode !== 'kill-wait') continue;
						state = reduceEvent(state, {kind: 'kill-offer', afterRead: readNumber});
						askedAt = readNumber;
						continue;
					}
					if (step.kind === 'done') {
						state = reduceEvent(state, {kind: 'kill-done', message: {kind: 'ok', text: 'done'}});
						askedAt = null;
						continue;
					}
					readNumber++;
					const presses: KeyPress[] = read(step.parts.join(''), readNumber);
					for (const press of presses) {
						const wasAsking = state.mode === 'kill';
						const result = reduceKeys(state, [press], view);
						if (!wasAsking && result.state.mode === 'kill') askedAt = press.read;
						for (const effect of signals(result.effects)) {
							assert.ok(
								askedAt !== null && press.read > askedAt,
								`signal from read ${press.read}, asked at ${askedAt}`,
							);
							assert.equal(press.readSize, 1, `${effect.kind} from a burst of ${press.readSize}`);
						}
						state = result.state;
						if (result.effects.some((effect) => effect.kind === 'exit')) return;
					}
				}
			}),
			{numRuns: 500},
		);
	});
});
