import {formatEndpoint} from '../../model/address.js';
import {portClass} from '../../services/port-class.js';
import type {Row} from '../../store/snapshot.js';
import {EXPOSURE_LABEL, exposure, formatAge, PORT_CLASS_LABEL} from './format.js';
import {fitText} from './text-fit.js';
import type {CellContext, PaneId} from './view-row.js';

export interface Column {
	readonly id: string;
	readonly title: string;
	readonly min: number;
	/** Share of spare width this column takes (0 = fixed). */
	readonly grow: number;
	readonly max: number;
	readonly align: 'left' | 'right';
	/** Lower numbers are dropped last when the terminal is narrow. */
	readonly priority: number;
	readonly middle?: boolean;
	value(row: Row, context: CellContext): string;
	compare(a: Row, b: Row, context: CellContext): number;
}

const STATE_ORDER = [
	'ESTABLISHED',
	'SYN_SENT',
	'SYN_RECV',
	'NEW_SYN_RECV',
	'FIN_WAIT1',
	'FIN_WAIT2',
	'CLOSE_WAIT',
	'CLOSING',
	'LAST_ACK',
	'TIME_WAIT',
	'CLOSE',
];
const stateRank = (state: string) => {
	const rank = STATE_ORDER.indexOf(state);
	return rank < 0 ? STATE_ORDER.length : rank;
};
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const num = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);
const owner = (row: Row) => {
	const {process, owners} = row.record;
	if (process === null) return '-';
	return owners.length > 1 ? `${process} +${owners.length - 1}` : process;
};
const pid = (row: Row) => (row.record.pid === null ? '-' : String(row.record.pid));
const user = (row: Row) => row.record.user ?? (row.record.uid === null ? '-' : String(row.record.uid));
const protoLabel = (row: Row) => `${row.record.proto}${row.record.family}`;

function column(partial: Omit<Column, 'grow' | 'max' | 'align'> & Partial<Column>): Column {
	return {grow: 0, max: partial.min, align: 'left', ...partial};
}

const PROTO = column({
	id: 'proto',
	title: 'PROTO',
	min: 5,
	priority: 2,
	value: protoLabel,
	compare: (a, b) => text(protoLabel(a), protoLabel(b)),
});
const PID = column({
	id: 'pid',
	title: 'PID',
	min: 7,
	align: 'right',
	priority: 1,
	value: pid,
	compare: (a, b) => num(a.record.pid, b.record.pid),
});
const PROCESS = column({
	id: 'process',
	title: 'PROCESS',
	min: 8,
	grow: 2,
	max: 40,
	priority: 0,
	value: owner,
	compare: (a, b) => text(owner(a), owner(b)),
});
const USER = column({
	id: 'user',
	title: 'USER',
	min: 8,
	grow: 1,
	max: 14,
	priority: 5,
	value: user,
	compare: (a, b) => text(user(a), user(b)),
});

export const LISTENING_COLUMNS: readonly Column[] = [
	PROTO,
	column({
		id: 'address',
		title: 'ADDRESS',
		min: 12,
		grow: 3,
		max: 46,
		priority: 0,
		middle: true,
		value: (row) => row.record.localAddress,
		compare: (a, b) => text(a.record.localAddress, b.record.localAddress),
	}),
	column({
		id: 'port',
		title: 'PORT',
		min: 5,
		align: 'right',
		priority: 0,
		value: (row) => String(row.record.localPort),
		compare: (a, b) => num(a.record.localPort, b.record.localPort),
	}),
	column({
		id: 'service',
		title: 'SERVICE',
		min: 9,
		grow: 1,
		max: 16,
		priority: 3,
		value: (row, context) => context.serviceName(row.record.localPort, row.record.proto) ?? '',
		compare: (a, b) => num(a.record.localPort, b.record.localPort),
	}),
	column({
		id: 'class',
		title: 'CLASS',
		min: 10,
		priority: 6,
		value: (row) => PORT_CLASS_LABEL[portClass(row.record.localPort)],
		compare: (a, b) => num(a.record.localPort, b.record.localPort),
	}),
	column({
		id: 'exposure',
		title: 'EXPOSED',
		min: 10,
		priority: 4,
		value: (row) => EXPOSURE_LABEL[exposure(row.record.localAddress)],
		compare: (a, b) =>
			text(EXPOSURE_LABEL[exposure(a.record.localAddress)], EXPOSURE_LABEL[exposure(b.record.localAddress)]),
	}),
	PID,
	PROCESS,
	USER,
];

const remote = (row: Row, context: CellContext) => {
	const {remoteAddress, remotePort} = row.record;
	if (remoteAddress === null) return '*';
	const name = context.hostName(remoteAddress);
	return name ? `${name}:${remotePort ?? '*'}` : formatEndpoint(remoteAddress, remotePort);
};

export const ESTABLISHED_COLUMNS: readonly Column[] = [
	PROTO,
	column({
		id: 'local',
		title: 'LOCAL',
		min: 15,
		grow: 2,
		max: 48,
		priority: 0,
		middle: true,
		value: (row) => formatEndpoint(row.record.localAddress, row.record.localPort),
		compare: (a, b) =>
			text(a.record.localAddress, b.record.localAddress) || num(a.record.localPort, b.record.localPort),
	}),
	column({
		id: 'remote',
		title: 'REMOTE',
		min: 21,
		grow: 3,
		max: 60,
		priority: 0,
		middle: true,
		value: remote,
		compare: (a, b, context) => text(remote(a, context), remote(b, context)),
	}),
	column({
		id: 'state',
		title: 'STATE',
		min: 11,
		priority: 1,
		value: (row) => row.record.state,
		// Lifecycle order, so live connections come before the ones winding down.
		compare: (a, b) => stateRank(a.record.state) - stateRank(b.record.state),
	}),
	PID,
	PROCESS,
	column({
		id: 'age',
		title: 'AGE',
		min: 5,
		align: 'right',
		priority: 3,
		value: (row, context) => formatAge(context.now - row.firstSeen),
		// Ascending by age: the most recently seen first (largest firstSeen).
		compare: (a, b) => b.firstSeen - a.firstSeen,
	}),
];

export const COLUMNS: Record<PaneId, readonly Column[]> = {
	listening: LISTENING_COLUMNS,
	established: ESTABLISHED_COLUMNS,
};

export const MARKER_WIDTH = 2;

export interface FittedColumn {
	readonly column: Column;
	readonly width: number;
}

/**
 * Chooses the columns that fit in `total` cells and their widths: drop the least
 * important columns until the minimums fit, then share the spare width among the
 * growing ones (capped at their max).
 */
export function fitColumns(columns: readonly Column[], total: number): FittedColumn[] {
	const available = total - MARKER_WIDTH;
	let kept = [...columns];
	const need = (list: Column[]) => list.reduce((sum, col) => sum + col.min, 0) + Math.max(0, list.length - 1);
	while (kept.length > 1 && need(kept) > available) {
		const drop = kept.reduce((worst, col) => (col.priority > worst.priority ? col : worst));
		kept = kept.filter((col) => col !== drop);
	}
	const widths = new Map(kept.map((col) => [col, col.min]));
	let spare = available - need(kept);
	while (spare > 0) {
		const growing = kept.filter((col) => col.grow > 0 && widths.get(col)! < col.max);
		if (growing.length === 0) break;
		const shares = growing.reduce((sum, col) => sum + col.grow, 0);
		let given = 0;
		for (const col of growing) {
			const share = Math.max(1, Math.floor((spare * col.grow) / shares));
			const add = Math.min(share, col.max - widths.get(col)!, spare - given);
			widths.set(col, widths.get(col)! + add);
			given += add;
			if (given >= spare) break;
		}
		if (given === 0) break;
		spare -= given;
	}
	return kept.map((col) => ({column: col, width: widths.get(col)!}));
}

export function formatHeader(fitted: readonly FittedColumn[]): string {
	return (
		' '.repeat(MARKER_WIDTH) +
		fitted.map(({column: col, width}) => fitText(col.title, width, col.align)).join(' ')
	);
}

export function formatCells(row: Row, fitted: readonly FittedColumn[], context: CellContext): string {
	return fitted
		.map(({column: col, width}) => fitText(col.value(row, context), width, col.align, col.middle))
		.join(' ');
}
