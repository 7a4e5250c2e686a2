// The real binary in tmux with the environments people have: --no-color and
// FORCE_COLOR=0 keep the inverse selection (and nothing is coloured); a C locale
// or the Linux console gets ASCII marks only.
import assert from 'node:assert/strict';
import {before, describe, test} from 'node:test';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {hasCommand} from './helpers/process.js';
import {dashboardReady, startDashboard} from './helpers/tmux.js';
import {STARTUP_MS} from './helpers/wait.js';

let hasTmux = false;
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	hasTmux = await hasCommand('tmux');
});

/** The pane with its attributes as SGR codes (tmux capture-pane -e). */
async function run(
	env: readonly string[],
	args: readonly string[],
	t: {after(fn: () => Promise<void>): void},
) {
	const dash = await startDashboard({
		// A long timeout: on a loaded machine a poll of every socket can take seconds.
		command: ['env', ...env, NODE, CLI_PATH, '--interval', '1000', '--timeout', '30000', ...args],
		width: 100,
		height: 30,
	});
	t.after(() => dash.cleanup());
	await dash.waitForPane('a selected row', (text) => dashboardReady(text) && /^> /m.test(text), STARTUP_MS);
	const styled = await dash.server.tmux('capture-pane', '-p', '-e', '-t', dash.target);
	return {styled, plain: await dash.capture()};
}

/** Every SGR parameter in the text. */
function sgrParameters(styled: string): number[] {
	return [...styled.matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((match) => match[1]!.split(';').map(Number));
}
const isColour = (code: number) =>
	(code >= 30 && code <= 38) || (code >= 40 && code <= 48) || (code >= 90 && code <= 107);

describe('styles and glyphs in a real terminal', {skip: NOT_LINUX}, () => {
	for (const [name, env, args] of [
		['--no-color', [], ['--no-color']],
		['FORCE_COLOR=0', ['FORCE_COLOR=0'], []],
		['NO_COLOR=1', ['NO_COLOR=1'], []],
	] as const) {
		test(`${name}: the selected row is inverse and nothing is coloured`, async (t) => {
			if (!hasTmux) return t.skip('tmux is not installed');
			const {styled} = await run(env, args, t);
			const selected = styled.split('\n').find((line) => /^(\x1b\[[0-9;]*m)*> /.test(line));
			assert.ok(selected, `a selected row:\n${styled}`);
			assert.ok(
				sgrParameters(selected).includes(7),
				`inverse on the selected row: ${JSON.stringify(selected)}`,
			);
			const colours = sgrParameters(styled).filter(isColour);
			assert.deepEqual(colours, [], 'no colour codes');
		});
	}

	test('with colours: coloured, and the selection inverse too', async (t) => {
		if (!hasTmux) return t.skip('tmux is not installed');
		const {styled} = await run([], [], t);
		assert.ok(sgrParameters(styled).some(isColour), 'some colour');
		const selected = styled.split('\n').find((line) => /^(\x1b\[[0-9;]*m)*> /.test(line));
		assert.ok(selected && sgrParameters(selected).includes(7));
	});

	for (const env of [['LC_ALL=C'], ['LC_ALL=', 'LANG=C'], ['TERM=linux']]) {
		test(`${env.join(' ')}: ASCII marks only`, async (t) => {
			if (!hasTmux) return t.skip('tmux is not installed');
			const {plain} = await run(env, [], t);
			assert.match(plain, /^> Listening/m, 'the focused pane marked with >');
			assert.match(plain, /sort: port \^/);
			assert.doesNotMatch(plain, /[▶↑↓▲▼×]/u);
		});
	}
});
