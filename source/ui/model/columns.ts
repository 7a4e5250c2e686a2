import {formatEndpoint} from '../../model/address.js';
import {compareAddresses} from '../../model/address-order.js';
import {portClass} from '../../services/port-class.js';
import type {Row} from '../../store/snapshot.js';
import {EXPOSURE_LABEL, exposure, formatAge, PORT_CLASS_LABEL} from './format.js';
import {fitText, textWidth} from './text-fit.js';
import {QUEUE_COLUMN, RX_COLUMN, TX_COLUMN} from './traffic-columns.js';
import type {CellContext, PaneId} from './view-row.js';

export interface Column {
	readonly id: string;
	readonly title: string;
	/** Narrowest it is ever shown at (its cells cut with an ellipsis). */
	readonly min: number;
	/**
	 * Width it is kept at when deciding which columns fit: what typical content
	 * needs (an IPv4 address 15, a state 11). Content measured wider raises it, up to `max`.
	 */
	readonly base: number;
	readonly max: number;
	/** Share of the width left over once every column has what its content needs (0 = none). */
	readonly grow: number;
	readonly align: 'left' | 'right';
	/** Lower numbers are dropped last when the terminal is narrow. */
	readonly priority: number;
	/** A column that only makes sense with this one (RX/s and TX/s): dropped together. */
	readonly pair?: string;
	readonly middle?: boolean;
	/** Its compare puts the highest value first (rates, queues): the sort arrow says ▼ (sort-arrow.ts). */
	readonly highFirst?: boolean;
	/** The end of the value that must survive truncation (the ` +2` of a shared socket's owners). */
	readonly suffix?: (row: Row) => string;
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
const ownerSuffix = (row: Row) => {
	const {process, owners} = row.record;
	return process !== null && owners.length > 1 ? ` +${owners.length - 1}` : '';
};
/**
 * The PID and PROCESS of a row whose owners are being read (Row.ownersPending): the theme's
 * ellipsis (`…`, `~` in ASCII), a mark that survives NO_COLOR, unlike a dimmed `-`.
 */
export const PENDING_OWNER = '…';
const owner = (row: Row) =>
	row.ownersPending
		? PENDING_OWNER
		: row.record.process === null
			? '-'
			: `${row.record.process}${ownerSuffix(row)}`;
const pid = (row: Row) =>
	row.ownersPending ? PENDING_OWNER : row.record.pid === null ? '-' : String(row.record.pid);
const user = (row: Row) => row.record.user ?? (row.record.uid === null ? '-' : String(row.record.uid));
const protoLabel = (row: Row) => `${row.record.proto}${row.record.family}`;

/** A column; without `base`/`max` it is fixed at `min`. */
function column(partial: Omit<Column, 'grow' | 'base' | 'max' | 'align'> & Partial<Column>): Column {
	const base = partial.base ?? partial.min;
	return {grow: 0, align: 'left', base, max: base, ...partial};
}

const PROTO = column({
	id: 'proto',
	title: 'PROTO',
	min: 5,
	priority: 2,
	value: protoLabel,
	compare: (a, b) => text(protoLabel(a), protoLabel(b)),
});
// Pids go up to 4194304 (pid_max on 64-bit Linux); most are 5 digits or fewer.
const PID = column({
	id: 'pid',
	title: 'PID',
	min: 3,
	base: 5,
	max: 7,
	align: 'right',
	priority: 1,
	value: pid,
	compare: (a, b) => num(a.record.pid, b.record.pid),
});
// Linux process names (comm) are at most 15 characters, plus ` +N` for shared sockets.
const PROCESS = column({
	id: 'process',
	title: 'PROCESS',
	min: 8,
	base: 12,
	grow: 2,
	max: 40,
	priority: 0,
	suffix: ownerSuffix,
	value: owner,
	compare: (a, b) => text(owner(a), owner(b)),
});
const USER = column({
	id: 'user',
	title: 'USER',
	min: 4,
	base: 8,
	max: 14,
	priority: 5,
	value: user,
	compare: (a, b) => text(user(a), user(b)),
});

// The container or unit label (cgroup-label.ts), else the namespace: shown only when the
// machine has more than one network namespace with sockets (see withNamespaces).
const where = (row: Row) =>
	row.record.container ?? (row.record.netns === null ? '' : `netns ${row.record.netns}`);
const CONTAINER = column({
	id: 'container',
	title: 'CONTAINER',
	min: 9,
	base: 12,
	max: 30,
	priority: 3,
	value: where,
	compare: (a, b) => text(where(a), where(b)),
});

/** The columns to show: without CONTAINER when every socket is in one namespace. */
export function withNamespaces(columns: readonly Column[], namespaces: number): readonly Column[] {
	return namespaces > 1 ? columns : columns.filter((col) => col !== CONTAINER);
}

export const LISTENING_COLUMNS: readonly Column[] = [
	PROTO,
	column({
		id: 'address',
		title: 'ADDRESS',
		min: 9,
		base: 15,
		max: 46,
		priority: 0,
		middle: true,
		value: (row) => row.record.localAddress,
		compare: (a, b) => compareAddresses(a.record.localAddress, b.record.localAddress),
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
		min: 7,
		base: 8,
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
	QUEUE_COLUMN,
	PID,
	PROCESS,
	CONTAINER,
	USER,
];

const remote = (row: Row, context: CellContext) => {
	const {remoteAddress, remotePort} = row.record;
	if (remoteAddress === null) return '*';
	const name = context.hostName(remoteAddress);
	return name ? `${name}:${remotePort ?? '*'}` : formatEndpoint(remoteAddress, remotePort);
};

export const ESTABLISHED_COLUMNS: readonly Column[] = [
	{...PROTO, priority: 4},
	column({
		id: 'local',
		title: 'LOCAL',
		min: 12,
		base: 15,
		max: 48,
		priority: 0,
		middle: true,
		value: (row) => formatEndpoint(row.record.localAddress, row.record.localPort),
		compare: (a, b) =>
			compareAddresses(a.record.localAddress, b.record.localAddress) ||
			num(a.record.localPort, b.record.localPort),
	}),
	column({
		id: 'remote',
		title: 'REMOTE',
		min: 12,
		base: 15,
		grow: 3,
		max: 60,
		priority: 0,
		middle: true,
		value: remote,
		// By address and port numerically, whether or not names are shown.
		compare: (a, b) =>
			compareAddresses(a.record.remoteAddress, b.record.remoteAddress) ||
			num(a.record.remotePort, b.record.remotePort),
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
	{...PID, priority: 2},
	PROCESS,
	RX_COLUMN,
	TX_COLUMN,
	CONTAINER,
	column({
		id: 'age',
		title: 'AGE',
		min: 5,
		align: 'right',
		priority: 3,
		// Sockets there before socktop started have an unknown start: their age is a lower bound.
		value: (row, context) => formatAge(context.now - row.firstSeen, row.seenAtStart, context.atLeast),
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

/** The rows whose cells will be shown, to measure what each column's content needs. */
export interface ColumnSample {
	readonly rows: readonly Row[];
	readonly context: CellContext;
}

/** The width a column's content needs: its widest cell or title, between `base` and `max`. */
function contentWidth(col: Column, sample: ColumnSample | undefined): number {
	if (col.max <= col.base || !sample) return col.base;
	let widest = textWidth(col.title);
	for (const row of sample.rows) widest = Math.max(widest, textWidth(col.value(row, sample.context)));
	return Math.min(col.max, Math.max(col.base, widest));
}

const gaps = (count: number) => Math.max(0, count - 1);
/** Columns of this priority or less important are extras, dropped to make room for content. */
const EXTRA = 3;

/**
 * Chooses the columns that fit in `total` cells and their widths:
 * 1. drop the least important columns until the rest fit at their base widths
 *    (at the narrowest sizes the most important ones go down to their minimums),
 *    and extras until what the visible rows hold fits, if it can that way;
 * 2. widen the columns whose visible content needs more, evenly, one cell at a time;
 * 3. give what is left to the growing columns (process, remote), up to their max.
 * Only the visible rows are measured (`sample`): with 100,000 rows, measuring them all
 * on every frame would cost more than drawing it.
 */
export function fitColumns(columns: readonly Column[], total: number, sample?: ColumnSample): FittedColumn[] {
	const available = total - MARKER_WIDTH;
	let kept = [...columns];
	const sum = (list: readonly Column[], size: (col: Column) => number) =>
		list.reduce((acc, col) => acc + size(col), 0) + gaps(list.length);
	const leastImportant = (list: readonly Column[]) =>
		list.reduce((worst, col) => (col.priority >= worst.priority ? col : worst));
	// A column and its pair go together: RX/s without TX/s reads as "nothing sent".
	const without = (list: readonly Column[], drop: Column) =>
		list.filter((col) => col !== drop && col.id !== drop.pair && col.pair !== drop.id);
	while (kept.length > 1 && sum(kept, (col) => col.base) > available) {
		const drop = leastImportant(kept);
		if (drop.priority === 0) break;
		kept = without(kept, drop);
	}
	while (kept.length > 1 && sum(kept, (col) => col.min) > available)
		kept = without(kept, leastImportant(kept));
	// An extra (service, class, user, age, the connections' proto) also goes when the
	// content of the columns that matter more would otherwise be cut.
	const needs = new Map(columns.map((col) => [col, contentWidth(col, sample)]));
	while (sum(kept, (col) => needs.get(col)!) > available) {
		const drop = leastImportant(kept);
		if (drop.priority < EXTRA) break;
		kept = without(kept, drop);
	}

	const widths = new Map(kept.map((col) => [col, col.min]));
	let spare = available - sum(kept, (col) => col.min);
	const widen = (target: (col: Column) => number, weight: (col: Column) => number) => {
		while (spare > 0) {
			const open = kept.filter((col) => weight(col) > 0 && widths.get(col)! < target(col));
			if (open.length === 0) return;
			const shares = open.reduce((acc, col) => acc + weight(col), 0);
			let given = 0;
			// Most important first, so an odd cell goes to the column that matters most.
			for (const col of [...open].sort((a, b) => a.priority - b.priority)) {
				const share = Math.max(1, Math.floor((spare * weight(col)) / shares));
				const add = Math.min(share, target(col) - widths.get(col)!, spare - given);
				widths.set(col, widths.get(col)! + add);
				given += add;
				if (given >= spare) break;
			}
			spare -= given;
		}
	};
	widen(
		(col) => col.base,
		() => 1,
	);
	widen(
		(col) => needs.get(col)!,
		() => 1,
	);
	widen(
		(col) => col.max,
		(col) => col.grow,
	);
	return kept.map((col) => ({column: col, width: widths.get(col)!}));
}

export function formatHeader(fitted: readonly FittedColumn[], ellipsis = '…'): string {
	return (
		' '.repeat(MARKER_WIDTH) +
		fitted.map(({column: col, width}) => fitText(col.title, width, col.align, false, ellipsis)).join(' ')
	);
}

function formatCell(
	row: Row,
	{column: col, width}: FittedColumn,
	context: CellContext,
	ellipsis: string,
): string {
	const shown = col.value(row, context);
	const value = shown === PENDING_OWNER ? ellipsis : shown;
	const suffix = col.suffix?.(row) ?? '';
	if (suffix === '' || value.length <= width || width <= suffix.length + 1)
		return fitText(value, width, col.align, col.middle, ellipsis);
	// Too narrow: cut the name, keep the suffix (`gunic… +2`).
	return (
		fitText(value.slice(0, value.length - suffix.length), width - suffix.length, 'left', false, ellipsis) +
		suffix
	);
}

export function formatCells(
	row: Row,
	fitted: readonly FittedColumn[],
	context: CellContext,
	ellipsis = '…',
): string {
	return fitted.map((column) => formatCell(row, column, context, ellipsis)).join(' ');
}
