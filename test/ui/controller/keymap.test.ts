// The keymap is the one place keys are defined: checked here, table-driven, without Ink.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FILTER_FIELDS, FILTER_VALUES} from '../../../source/filter/filter.js';
import {reduceKey} from '../../../source/ui/controller/reduce-key.js';
import {
	type Action,
	BINDINGS,
	filterValueHint,
	footerHints,
	helpLines,
	MODES,
	type Mode,
} from '../../../source/ui/keymap.js';
import {fitHints, hintsWidth} from '../../../source/ui/model/fit-hints.js';
import type {UiState} from '../../../source/ui/ui-state.js';
import {connections, initial, key, listeners, viewOf} from './fixtures.js';

/** A state in each mode where every bound action has something to do. */
const STATES: Record<Mode, UiState> = {
	table: initial({
		selected: {listening: listeners[1]!.key, established: null},
		selectedIndex: {listening: 1, established: 0},
		filter: 'proc:x',
		draft: 'proc:x',
	}),
	filter: initial({mode: 'filter', filter: 'nginx', draft: 'nginx port:80'}),
	help: initial({mode: 'help', helpScroll: 5}),
	detail: initial({mode: 'detail', detail: {pid: 1200, name: 'nginx', scroll: 5}}),
	history: initial({mode: 'history', historyScroll: 5}),
	kill: initial({
		mode: 'kill',
		kill: {
			target: {owners: [{pid: 1200, process: 'nginx'}], ports: [], connections: 0},
			stage: 'confirm',
			armedAfterRead: 0,
		},
	}),
	'kill-wait': initial({
		mode: 'kill-wait',
		kill: {
			target: {owners: [{pid: 1200, process: 'nginx'}], ports: [], connections: 0},
			stage: 'waiting',
			armedAfterRead: 0,
		},
	}),
	'scan-input': initial({
		mode: 'scan-input',
		focus: 'scan',
		scanInput: {
			target: '127.0.0.1',
			ports: 'top100',
			field: 'target',
			error: null,
			starting: false,
			replace: {target: true, ports: true},
		},
	}),
};

const bound = (mode: Mode) =>
	BINDINGS.filter((binding) => binding.modes.includes(mode)).flatMap((binding) =>
		binding.keys.map((name) => ({name, action: binding.action})),
	);

describe('keymap', () => {
	for (const mode of MODES) {
		it(`binds no key twice in mode ${mode}`, () => {
			const names = bound(mode).map((entry) => entry.name);
			const twice = names.filter((name, i) => names.indexOf(name) !== i);
			assert.deepEqual(twice, []);
		});

		it(`handles every action bound in mode ${mode}`, () => {
			const view = viewOf({rows: [...listeners, ...connections]});
			for (const {name, action} of bound(mode)) {
				const step = reduceKey(STATES[mode], key(name, 5), view);
				assert.ok(
					step.state !== STATES[mode] || step.effects.length > 0,
					`${name} (${action}) does nothing in ${mode}`,
				);
			}
		});

		it(`lets every mode quit with Ctrl-C and suspend with Ctrl-Z (${mode})`, () => {
			const actions = (name: string) =>
				bound(mode)
					.filter((entry) => entry.name === name)
					.map((entry) => entry.action);
			assert.deepEqual(actions('ctrl-c'), ['quit'] satisfies Action[]);
			assert.deepEqual(actions('ctrl-z'), ['suspend'] satisfies Action[]);
			assert.deepEqual(reduceKey(STATES[mode], key('ctrl-z'), viewOf()).effects, [{kind: 'suspend'}]);
		});
	}

	it('says what q does in each mode: quit in the table, close in help and detail', () => {
		const q = (mode: Mode) => footerHints(mode, {readOnly: false}).find((hint) => hint.key === 'q');
		assert.equal(q('table')?.label, 'quit');
		assert.equal(q('help')?.label, 'close');
		assert.equal(q('detail')?.label, 'close');
		assert.equal(reduceKey(STATES.help, key('q'), viewOf()).state.mode, 'table');
		assert.deepEqual(reduceKey(STATES.help, key('q'), viewOf()).effects, []);
	});

	it('offers no y / n while the kill dialog waits for the process to exit', () => {
		const labels = footerHints('kill-wait', {readOnly: false}).map((hint) => hint.label);
		assert.ok(!labels.includes('yes') && !labels.includes('no'));
		assert.deepEqual(
			footerHints('kill', {readOnly: false}).map((hint) => `${hint.key} ${hint.label}`),
			['y yes', 'n no'],
		);
	});

	it('fits the footer at 80 columns with "s scan", shortening before leaving out, never cutting a word', () => {
		for (const width of [60, 80, 120, 200]) {
			const hints = footerHints('table', {readOnly: false});
			const shown = fitHints(hints, width);
			assert.ok(hintsWidth(shown) <= width, `fits ${width}`);
			for (const hint of shown)
				assert.ok(
					hints.some((h) => h.key === hint.key && (h.label === hint.label || h.short === hint.label)),
					`"${hint.key} ${hint.label}" is a whole hint`,
				);
			if (width >= 80)
				assert.ok(
					shown.some((hint) => `${hint.key} ${hint.label}` === 's scan'),
					`s scan at ${width}`,
				);
		}
		const wide = fitHints(footerHints('table', {readOnly: false}), 200);
		assert.ok(
			wide.some((hint) => hint.label === 'details'),
			'long labels when there is room',
		);
	});

	it('lists every filter field in the help, from the filter module', () => {
		const filterHelp = helpLines({readOnly: false}).find((line) => line.keys === '/')!.help;
		for (const field of FILTER_FIELDS)
			assert.ok(filterHelp.includes(`${field}:`), `${field}: in "${filterHelp}"`);
	});

	it('shows the values a filter field takes (port lists, exposed:yes|no) in the help, under the filter line', () => {
		const lines = helpLines({readOnly: false});
		const under = lines[lines.findIndex((line) => line.keys === '/') + 1]!;
		assert.equal(under.keys, '');
		assert.match(under.help, /port:22,80,8000-8100 exposed:yes\|no/);
		for (const [field, values] of Object.entries(FILTER_VALUES))
			assert.ok(under.help.includes(values), `${field}'s values in "${under.help}"`);
		assert.ok(under.help.length + 2 <= 80, 'fits 80 columns');
		assert.equal(filterValueHint('proc:sshd !exposed:y'), 'exposed:yes|no');
		assert.equal(filterValueHint('lport:22,'), 'lport:22,80,8000-8100');
		assert.equal(filterValueHint('proc:'), null);
		assert.equal(filterValueHint('exposed:yes '), null);
	});

	it('leaves kill out of help and footer with --read-only', () => {
		assert.ok(!helpLines({readOnly: true}).some((line) => line.keys === 'K'));
		assert.ok(!footerHints('table', {readOnly: true}).some((hint) => hint.key === 'K'));
	});
});
