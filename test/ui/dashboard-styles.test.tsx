// What a terminal shows of the theme: the bytes the dashboard writes, replayed into a
// terminal emulator. Without colour the selection must still be inverse and new rows
// bold (the README promises it); the colour library Ink uses turns every attribute
// off under --no-color / FORCE_COLOR=0 / no TTY, as in this test process.
import '../helpers/no-ci.js';
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import {ASCII_GLYPHS, themeFor} from '../../source/ui/theme.js';
import {KEYS, renderDashboard} from '../helpers/dashboard-harness.js';
import {flush} from '../helpers/fake-clock.js';
import {HeadlessTerminal} from '../helpers/headless-terminal.js';
import {loopbackConnections, rec} from '../helpers/records.js';

const ssh = rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd'});
const pg = rec({localAddress: '127.0.0.1', localPort: 5432, pid: 900, process: 'postgres'});
const conn = rec({
	localPort: 22,
	remoteAddress: '203.0.113.9',
	remotePort: 50122,
	state: 'ESTABLISHED',
	pid: 3000,
	process: 'sshd',
});

const settle = async () => {
	for (let i = 0; i < 10; i++) {
		await flush();
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
};

async function screenOf(
	t: TestContext,
	colour: boolean,
	steps: {records: ReturnType<typeof rec>[]}[],
	ticks = 0,
) {
	const ui = renderDashboard(t, {steps, debug: false, config: {theme: themeFor(colour)}});
	const terminal = new HeadlessTerminal(80, 24);
	try {
		await settle();
		for (let i = 0; i < ticks; i++) {
			await ui.tick();
			await settle();
		}
		for (const chunk of ui.stdout.frames) await terminal.write(chunk);
		const screen = terminal.screen();
		const cells = screen.map((_, y) => terminal.attributes(y));
		const rowOf = (pattern: RegExp) => {
			const y = screen.findIndex((line) => pattern.test(line));
			assert.ok(y >= 0, `no line matches ${pattern}:\n${screen.join('\n')}`);
			return cells[y]!;
		};
		return {cells, rowOf};
	} finally {
		ui.unmount();
		terminal.dispose();
	}
}

describe('styles on a real terminal', () => {
	for (const colour of [false, true]) {
		it(`the selected row is inverse across the pane (${colour ? 'colour' : 'no colour'})`, async (t) => {
			const {rowOf} = await screenOf(t, colour, [{records: [ssh, pg, conn]}]);
			const selected = rowOf(/^> tcp4\s+0\.0\.0\.0\s+22/);
			assert.ok(
				selected.every((cell) => cell.inverse),
				'every cell of the selected row is inverse',
			);
			const other = rowOf(/^ {2}tcp4\s+127\.0\.0\.1\s+5432/);
			assert.ok(
				other.every((cell) => !cell.inverse),
				'other rows are not',
			);
		});
	}

	it('without colour: new rows bold, closed rows dim, no colours anywhere', async (t) => {
		const {cells, rowOf} = await screenOf(t, false, [{records: [ssh, conn]}, {records: [ssh, pg]}], 1);
		const added = rowOf(/^ \+tcp4\s+127\.0\.0\.1\s+5432/).filter((cell) => cell.char.trim());
		assert.ok(added.every((cell) => cell.bold));
		const closed = rowOf(/×tcp4\s+127\.0\.0\.1:22/).filter((cell) => cell.char.trim());
		assert.ok(closed.every((cell) => cell.dim));
		assert.ok(cells.flat().every((cell) => !cell.coloured));
	});

	it('with colour, the focused pane title is coloured', async (t) => {
		const {rowOf} = await screenOf(t, true, [{records: [ssh]}]);
		assert.ok(rowOf(/Listening \(1\)/).some((cell) => cell.coloured));
	});
});

describe('glyphs', () => {
	it('the ASCII set leaves no arrows, triangles or crosses on screen', async (t) => {
		const many = loopbackConnections(40);
		const ui = renderDashboard(t, {
			steps: [{records: [ssh, pg, ...many]}, {records: [pg, ...many]}],
			config: {theme: themeFor(false, ASCII_GLYPHS)},
		});
		try {
			await ui.waitFor((frame) => frame.includes('Connections (40)'));
			await ui.tick();
			const text = await ui.waitFor((frame) => /x\s?tcp4\s+0\.0\.0\.0\s+22/.test(frame));
			assert.doesNotMatch(text, /[▶↑↓▲▼×]/);
			assert.match(text, /> Listening \(2\)/);
			assert.match(text, /v\d+ below/);
			assert.match(text, /sort: port \^/);
			// Ages of sockets open at start are lower bounds: `>=0m`, never `>0m` ("more than"),
			// right-aligned under AGE like the Unicode `≥0m`.
			const header = text.split('\n').find((line) => /\bAGE$/.test(line.trimEnd()))!;
			const row = text.split('\n').find((line) => /:20000\b/.test(line))!;
			assert.match(row.trimEnd(), / >=0m$/, row);
			assert.equal(row.trimEnd().length, header.trimEnd().length, `${header}\n${row}`);
		} finally {
			ui.unmount();
		}
	});

	it('the ASCII set also reaches help, footer keys and the scan form', async (t) => {
		const ui = renderDashboard(t, {
			steps: [{records: [ssh, pg]}],
			rows: 16,
			config: {theme: themeFor(false, ASCII_GLYPHS)},
		});
		await ui.waitFor((frame) => frame.includes('sshd'));
		await ui.press('?');
		const help = await ui.waitFor((frame) => frame.includes('more below'));
		assert.match(help, /\(\^v PgUp PgDn g G\)/);
		assert.match(help, /~\d+ more below \(v\)/);
		await ui.press(KEYS.escape, 's');
		const form = await ui.waitFor((frame) => frame.includes('target:'));
		assert.match(form, /Enter start - Tab switch field/);
		for (const text of [help, form]) assert.doesNotMatch(text, /[▶↑↓▲▼×…·▏←█]/);
	});
});
