// The controller's transitions, table-driven, without Ink: each row is a state, the
// keys of one or more reads, and what must come out.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {syncToView} from '../../../source/ui/controller/navigation.js';
import {reduceEvent, reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import type {ControllerView, Effect} from '../../../source/ui/controller/types.js';
import {decodeKeys} from '../../../source/ui/input/decode-keys.js';
import {formatCells, LISTENING_COLUMNS} from '../../../source/ui/model/columns.js';
import {editText} from '../../../source/ui/model/edit-text.js';
import type {UiState} from '../../../source/ui/ui-state.js';
import {rec} from '../../helpers/records.js';
import {connections, initial, listeners, read, rowOf, viewOf} from './fixtures.js';

interface Case {
	readonly name: string;
	readonly state: UiState;
	/** One string per read. */
	readonly reads: readonly string[];
	readonly view?: ControllerView;
	readonly expect: (state: UiState, effects: readonly Effect[]) => void;
}

function run({state, reads, view = viewOf()}: Case) {
	let current = state;
	const effects: Effect[] = [];
	reads.forEach((text, i) => {
		const step = reduceKeys(current, read(text, i + 1), view);
		current = step.state;
		effects.push(...step.effects);
	});
	return {state: current, effects};
}

const scanForm = (change: Partial<NonNullable<UiState['scanInput']>> = {}) => ({
	target: '127.0.0.1',
	ports: 'top100',
	field: 'target' as const,
	error: null,
	starting: false,
	replace: {target: true, ports: true},
	...change,
});

const CASES: Case[] = [
	// `<` `>` sort by columns on screen only (QA: at 80 columns `>` sorted by the hidden class column).
	{
		name: '> skips columns the width left out',
		state: initial({sort: {...initial().sort, listening: {column: 'service', descending: false}}}),
		reads: ['>'],
		view: viewOf({columns: {listening: ['proto', 'address', 'port', 'service', 'pid', 'process']}}),
		expect: (state) => assert.deepEqual(state.sort.listening, {column: 'pid', descending: false}),
	},
	{
		name: '< from a sort column that is off screen steps to the shown column before it',
		state: initial({sort: {...initial().sort, listening: {column: 'class', descending: true}}}),
		reads: ['<'],
		view: viewOf({columns: {listening: ['proto', 'address', 'port', 'process']}}),
		expect: (state) => assert.deepEqual(state.sort.listening, {column: 'port', descending: false}),
	},
	{
		name: 'I reverses the sort in place',
		state: initial(),
		reads: ['I'],
		expect: (state) => assert.equal(state.sort.listening.descending, !initial().sort.listening.descending),
	},
	// Defect 2: Esc and a key in one read are Esc, then the key.
	{
		name: 'Esc+j in one read while editing the filter: Esc restores the kept filter, j moves down',
		state: initial({mode: 'filter', filter: 'nginx', draft: 'nginx por'}),
		reads: ['\x1bj'],
		view: viewOf({rows: listeners}),
		expect: (state) => {
			assert.equal(state.mode, 'table');
			assert.equal(state.filter, 'nginx');
			assert.equal(state.selectedIndex.listening, 1);
		},
	},
	{
		name: 'Esc+q in one read in help: closes help, then quits',
		state: initial({mode: 'help'}),
		reads: ['\x1bq'],
		expect: (state, effects) => {
			assert.equal(state.mode, 'table');
			assert.deepEqual(effects, [{kind: 'exit'}]);
		},
	},
	// Defect 4: scrolling clamps in state, so one press back always moves.
	{
		name: 'help scrolled past the end comes back with one press',
		state: initial({mode: 'help'}),
		reads: [...Array(50).fill('\x1b[B'), '\x1b[A'],
		view: viewOf({help: {lines: 20, room: 8}}),
		expect: (state) => assert.equal(state.helpScroll, 11),
	},
	{
		name: 'q closes help; Ctrl-C quits from it',
		state: initial({mode: 'help'}),
		reads: ['q'],
		expect: (state, effects) => {
			assert.equal(state.mode, 'table');
			assert.deepEqual(effects, []);
		},
	},
	// Defect 7: End / Home / PgUp / PgDn in the detail of a process with 10,000 sockets.
	{
		name: 'detail: End, PgUp, Home, PgDn, G',
		state: initial({mode: 'detail', detail: {pid: 1, name: 'x', scroll: 0}}),
		reads: ['\x1b[F'],
		view: viewOf({detail: {lines: 10_010, room: 18}}),
		expect: (state) => assert.equal(state.detail?.scroll, 10_010 - 18),
	},
	{
		name: 'detail: End then PgUp goes up a page, Home to the top, PgDn a page, G the end',
		state: initial({mode: 'detail', detail: {pid: 1, name: 'x', scroll: 0}}),
		reads: ['\x1b[F', '\x1b[5~'],
		view: viewOf({detail: {lines: 10_010, room: 18}}),
		expect: (state) => assert.equal(state.detail?.scroll, 10_010 - 18 - 17),
	},
	{
		name: 'detail: Home, PgDn, G',
		state: initial({mode: 'detail', detail: {pid: 1, name: 'x', scroll: 500}}),
		reads: ['\x1b[H', '\x1b[6~'],
		view: viewOf({detail: {lines: 10_010, room: 18}}),
		expect: (state) => assert.equal(state.detail?.scroll, 17),
	},
	{
		name: 'detail: G goes to the end',
		state: initial({mode: 'detail', detail: {pid: 1, name: 'x', scroll: 0}}),
		reads: ['G'],
		view: viewOf({detail: {lines: 10_010, room: 18}}),
		expect: (state) => assert.equal(state.detail?.scroll, 10_010 - 18),
	},
	// Defect 5: scan results scroll and close; focus goes back; Tab skips empty panes.
	{
		name: 'scan results scroll in the scan pane (End, then k)',
		state: initial({focus: 'scan'}),
		reads: ['G', 'k'],
		view: viewOf({scan: {phase: 'done', results: 30, room: 5}}),
		expect: (state) => assert.equal(state.scanScroll, 24),
	},
	{
		name: 'Esc closes the scan results and gives focus back to the pane the scan came from',
		state: initial({focus: 'scan', scanOrigin: 'established'}),
		reads: ['\x1b'],
		view: viewOf({scan: {phase: 'done', results: 30, room: 5}}),
		expect: (state) => {
			assert.equal(state.scanDismissed, true);
			assert.equal(state.focus, 'established');
		},
	},
	{
		name: 'Esc in the scan form gives focus back to the pane it was opened from',
		state: initial({focus: 'established'}),
		reads: ['s', '\x1b'],
		expect: (state) => {
			assert.equal(state.mode, 'table');
			assert.equal(state.focus, 'established');
		},
	},
	{
		name: 'Tab skips the connections pane when it is empty and the scan pane without results',
		state: initial({focus: 'listening'}),
		reads: ['\t'],
		view: viewOf({rows: listeners}),
		expect: (state) => assert.equal(state.focus, 'listening'),
	},
	{
		name: 'Tab stops on the scan pane when it has results',
		state: initial({focus: 'established'}),
		reads: ['\t'],
		view: viewOf({scan: {phase: 'done', results: 3, room: 3}}),
		expect: (state) => assert.equal(state.focus, 'scan'),
	},
	{
		name: 'the prefilled target is selected: typing replaces it',
		state: initial({mode: 'scan-input', focus: 'scan', scanInput: scanForm()}),
		reads: ['10.0.0.1'],
		expect: (state) => assert.equal(state.scanInput?.target, '10.0.0.1'),
	},
	{
		name: 'Backspace on the selected prefill empties it; then it edits normally',
		state: initial({mode: 'scan-input', focus: 'scan', scanInput: scanForm()}),
		reads: ['\x7f', 'ab', '\x7f'],
		expect: (state) => assert.equal(state.scanInput?.target, 'a'),
	},
	{
		name: 's prefills the remote end of the selected connection',
		state: initial({focus: 'established'}),
		reads: ['s'],
		view: viewOf({rows: connections}),
		expect: (state) => {
			assert.equal(state.scanInput?.target, '198.51.100.1');
			assert.equal(state.scanOrigin, 'established');
		},
	},
	// Defect 6: filter editing.
	{
		name: '/ continues the kept filter after a space',
		state: initial({filter: 'proc:"my server"', draft: 'proc:"my server"'}),
		reads: ['/', 'port:ab'],
		expect: (state) => assert.equal(state.draft, 'proc:"my server" port:ab'),
	},
	{
		name: 'Esc while editing keeps the kept filter and drops only the draft',
		state: initial({filter: 'nginx', draft: 'nginx'}),
		reads: ['/', 'port:80', '\x1b'],
		expect: (state) => {
			assert.equal(state.mode, 'table');
			assert.equal(state.filter, 'nginx');
			assert.equal(state.draft, 'nginx');
		},
	},
	{
		name: 'Backspace removes a whole emoji from the filter',
		state: initial({mode: 'filter', draft: 'x🦀'}),
		reads: ['\x7f'],
		expect: (state) => assert.equal(state.draft, 'x'),
	},
	{
		name: 'Esc in the table clears the kept filter',
		state: initial({filter: 'nginx', draft: 'nginx'}),
		reads: ['\x1b'],
		expect: (state) => assert.equal(state.filter, ''),
	},
	// Ctrl-Z.
	{
		name: 'Ctrl-Z suspends, in the table and while typing',
		state: initial({mode: 'filter', draft: 'ab'}),
		reads: ['\x1a'],
		expect: (state, effects) => {
			assert.deepEqual(effects, [{kind: 'suspend'}]);
			assert.equal(state.draft, 'ab');
		},
	},
	// Defect 11: while waiting for the exit, y and n do nothing.
	{
		name: 'y and n do nothing while waiting for the process to exit',
		state: initial({
			mode: 'kill-wait',
			kill: {
				target: {owners: [{pid: 5, process: 'x'}], ports: [], connections: 0},
				stage: 'waiting',
				armedAfterRead: 0,
			},
		}),
		reads: ['y', 'n', '\x1b'],
		expect: (state, effects) => {
			assert.equal(state.mode, 'kill-wait');
			assert.deepEqual(effects, []);
		},
	},
];

describe('controller transitions', () => {
	for (const testCase of CASES)
		it(testCase.name, () => {
			const {state, effects} = run(testCase);
			testCase.expect(state, effects);
		});

	it('a kill of a socket held by several processes names and signals every owner', () => {
		const shared = {
			...listeners[1]!,
			record: {
				...listeners[1]!.record,
				owners: [
					{pid: 1200, process: 'nginx'},
					{pid: 1201, process: 'nginx'},
				],
			},
		};
		const view = viewOf({rows: [listeners[0]!, shared]});
		let state = reduceKeys(
			initial({selectedIndex: {listening: 1, established: 0}}),
			read('K', 1),
			view,
		).state;
		assert.deepEqual(state.kill?.target.owners, [
			{pid: 1200, process: 'nginx'},
			{pid: 1201, process: 'nginx'},
		]);
		const step = reduceKeys(state, read('y', 2), view);
		assert.deepEqual(step.effects, [{kind: 'signal', signal: 'SIGTERM', target: state.kill!.target}]);
		state = reduceEvent(step.state, {kind: 'kill-done', message: {kind: 'ok', text: 'gone'}});
		assert.equal(state.mode, 'table');
	});

	it('clamps window starts and scroll offsets when the rows or sizes change, and returns the same state when nothing moved', () => {
		const state = initial({
			helpScroll: 40,
			windowStart: {listening: 2, established: 0},
			scanScroll: 9,
		});
		const view = viewOf({help: {lines: 20, room: 8}, scan: {phase: 'done', results: 4, room: 3}});
		const synced = syncToView(state, view);
		assert.equal(synced.helpScroll, 12);
		assert.equal(synced.windowStart.listening, 0, 'three rows fit in five lines');
		assert.equal(synced.scanScroll, 1);
		assert.equal(syncToView(synced, view), synced);
	});
});

describe('decoding keys', () => {
	const names = (text: string) => decodeKeys(text).map((key) => key.name);
	it('splits Esc from the key after it (Alt+key is Esc then key)', () => {
		assert.deepEqual(names('\x1bj'), ['escape', 'j']);
		assert.deepEqual(names('\x1b\x1b'), ['escape', 'escape']);
		assert.deepEqual(names('\x1b'), ['escape']);
	});
	it('knows sequences, controls and graphemes', () => {
		assert.deepEqual(names('\x1b[A\x1b[1;5B\x1b[5~\x1b[F\x1bOH\x1b[Z\x1b[3~'), [
			'up',
			'down',
			'pageup',
			'end',
			'home',
			'shift-tab',
			'delete',
		]);
		assert.deepEqual(names('\r\t\x7f\x03\x1a '), ['enter', 'tab', 'backspace', 'ctrl-c', 'ctrl-z', 'space']);
		assert.deepEqual(names('a🦀👍🏽é'), ['a', '🦀', '👍🏽', 'é']);
	});
	it('edits text a grapheme at a time and never lets control characters in', () => {
		const bs = {name: 'backspace', text: ''};
		assert.equal(editText('ab👍🏽', bs, 100), 'ab');
		assert.equal(editText('🇩🇪', bs, 100), '');
		assert.equal(editText('x', {name: 'z', text: 'z\x1b[2J'}, 100), 'xz[2J');
	});
});

describe('owner marker', () => {
	it('keeps +N when the process column is narrow', () => {
		const row = rowOf(
			rec({
				localPort: 8080,
				owners: [
					{pid: 3001, process: 'gunicorn-worker'},
					{pid: 3002, process: 'gunicorn-worker'},
					{pid: 3003, process: 'gunicorn-worker'},
				],
				pid: 3001,
				process: 'gunicorn-worker',
			}),
		);
		const process = LISTENING_COLUMNS.find((column) => column.id === 'process')!;
		const context = {now: 0, serviceName: () => null, hostName: () => null};
		assert.equal(formatCells(row, [{column: process, width: 10}], context), 'gunico… +2');
		assert.equal(formatCells(row, [{column: process, width: 20}], context), 'gunicorn-worker +2  ');
	});
});
