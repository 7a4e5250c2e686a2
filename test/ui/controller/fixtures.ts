// Plain data for driving the controller without Ink: rows, a view of them, key presses.
import type {SocketRecord} from '../../../source/model/socket-record.js';
import type {Row} from '../../../source/store/snapshot.js';
import type {ControllerView, KeyPress} from '../../../source/ui/controller/types.js';
import {decodeKeys} from '../../../source/ui/input/decode-keys.js';
import {COLUMNS} from '../../../source/ui/model/columns.js';
import {isListening, type PaneId} from '../../../source/ui/model/view-row.js';
import {initialUiState, type UiState} from '../../../source/ui/ui-state.js';
import {rec} from '../../helpers/records.js';
import {rowOf as row, snapshotOf} from '../../helpers/snapshots.js';

export {snapshotOf};
export const rowOf = (record: SocketRecord, status: Row['status'] = 'open'): Row => row(record, {status});

export const listeners = [
	rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd'}),
	rec({localAddress: '0.0.0.0', localPort: 80, pid: 1200, process: 'nginx'}),
	rec({localAddress: '127.0.0.1', localPort: 5432, pid: 900, process: 'postgres'}),
].map((record) => rowOf(record));

export const connections = [40001, 40002, 40003].map((port) =>
	rowOf(
		rec({
			localPort: 80,
			remoteAddress: '198.51.100.1',
			remotePort: port,
			state: 'ESTABLISHED',
			pid: 1200,
			process: 'nginx',
		}),
	),
);

export interface ViewOptions {
	readonly rows?: readonly Row[];
	readonly height?: number;
	/** Column ids on screen per pane (default: every column). */
	readonly columns?: Partial<Record<PaneId, readonly string[]>>;
	readonly scan?: Partial<ControllerView['scan']>;
	readonly readOnly?: boolean;
	readonly help?: ControllerView['help'];
	readonly detail?: ControllerView['detail'];
	readonly history?: ControllerView['history'];
}

export function viewOf(options: ViewOptions = {}): ControllerView {
	const rows = options.rows ?? [...listeners, ...connections];
	return {
		panes: {
			listening: {
				rows: rows.filter((row) => isListening(row.record)),
				height: options.height ?? 5,
				columns: options.columns?.listening ?? COLUMNS.listening.map((column) => column.id),
				fitted: [],
			},
			established: {
				rows: rows.filter((row) => !isListening(row.record)),
				height: options.height ?? 5,
				columns: options.columns?.established ?? COLUMNS.established.map((column) => column.id),
				fitted: [],
			},
		},
		snapshot: snapshotOf(rows),
		scan: {phase: 'idle', results: 0, room: 0, ...options.scan},
		readOnly: options.readOnly ?? false,
		help: options.help ?? {lines: 30, room: 10},
		detail: options.detail ?? {lines: 30, room: 10},
		history: options.history ?? {lines: 30, room: 10},
	};
}

/** Every key of `text` as one read numbered `read`. */
export function read(text: string, readNumber: number): KeyPress[] {
	const keys = decodeKeys(text);
	return keys.map((key) => ({...key, read: readNumber, readSize: keys.length}));
}

/** One key alone in its read. */
export const key = (name: string, readNumber = 1, text = ''): KeyPress => ({
	name,
	text: text || (name.length === 1 ? name : ''),
	read: readNumber,
	readSize: 1,
});

export const initial = (change: Partial<UiState> = {}): UiState => ({...initialUiState(''), ...change});
