import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {isUsefulFrame, ownersShown} from '../../bench/first-frame.js';

const screen = (name: string) =>
	readFileSync(new URL(`../fixtures/first-frame/${name}.txt`, import.meta.url), 'utf8');
const at120 = {ports: [33895], established: 2000};
const at80 = {ports: [38755], established: 2000};

test('a frame still loading is not useful', () => {
	assert.equal(isUsefulFrame(screen('120x40-loading'), at120), false);
	assert.equal(ownersShown(screen('120x40-loading'), at120), false);
});

test('the tables drawn with owners pending are a useful frame, owners not yet shown', () => {
	for (const [name, expect] of [
		['120x40-owners-pending', at120],
		['80x24-owners-pending', at80],
	] as const) {
		assert.equal(isUsefulFrame(screen(name), expect), true, name);
		assert.equal(ownersShown(screen(name), expect), false, name);
	}
});

test('owners drawn: useful and shown, at both sizes', () => {
	for (const [name, expect] of [
		['120x40-owners', at120],
		['80x24-owners', at80],
	] as const) {
		assert.equal(isUsefulFrame(screen(name), expect), true, name);
		assert.equal(ownersShown(screen(name), expect), true, name);
	}
});

test('not useful while a held listener or connection is missing from the screen', () => {
	const text = screen('120x40-owners');
	assert.equal(isUsefulFrame(text, {ports: [33895, 40000], established: 2000}), false);
	assert.equal(isUsefulFrame(text, {ports: [33895], established: 2001}), false);
	// Another port that merely starts with the held one's digits is not its row.
	assert.equal(isUsefulFrame(text, {ports: [3389], established: 0}), false);
});
