import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {trafficScope} from '../../source/main/traffic-scope.js';
import {createTrafficSource} from '../../source/sources/traffic/traffic-source.js';

/** The programs one full read runs, with one other namespace on the machine and SCOPE on top. */
async function programsRun(netns: string | undefined): Promise<string[]> {
	const runs: string[] = [];
	const source = createTrafficSource({
		otherNamespaces: () => [{key: 4026532999, pid: 4242}],
		...trafficScope(netns),
		run: async (command) => {
			runs.push(command);
			return '';
		},
		readText: async () => '',
		readNetDev: () => null,
		privileged: true,
	});
	await source.read(new AbortController().signal, 'all');
	return runs;
}

describe('trafficScope (--netns and the rates)', () => {
	it('reads no other namespace with --netns host', async () => {
		assert.deepEqual(trafficScope('host').otherNamespaces?.(), []);
		assert.deepEqual(await programsRun('host'), ['ss']);
	});

	it('reads every namespace otherwise', async () => {
		assert.equal(trafficScope('all').otherNamespaces, undefined);
		assert.deepEqual(await programsRun('all'), ['ss', 'nsenter']);
		assert.deepEqual(await programsRun(undefined), ['ss', 'nsenter']);
	});
});
