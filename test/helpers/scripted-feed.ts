// The worker feed's tests: a feed spec that builds test/helpers/scripted-source.ts on the
// worker thread from STEPS, and a list of feeds closed when the file's tests end.
import {after} from 'node:test';
import type {FeedSpec} from '../../source/store/feed-spec.js';
import type {ScriptedStep} from './scripted-source.js';

const SCRIPTED = new URL('./scripted-source.ts', import.meta.url).href;

export const scriptedFeedSpec = (steps: readonly ScriptedStep[]): FeedSpec => ({
	kind: 'module',
	name: 'procfs',
	url: SCRIPTED,
	exportName: 'createScriptedSource',
	args: [steps],
});

/** Feeds pushed here are closed after the file's tests. */
export function closedAfterTests(): {close(): void}[] {
	const feeds: {close(): void}[] = [];
	after(() => {
		for (const feed of feeds) feed.close();
	});
	return feeds;
}
