// The traffic columns of the two panes (columns.ts lists them with the others).
import type {Column} from './columns.js';
import {compareQueues, compareRates, queueCell, rateCell} from './traffic-cells.js';

const rate = (id: 'rx' | 'tx', title: string, way: 'in' | 'out'): Column => ({
	id,
	title,
	pair: id === 'rx' ? 'tx' : 'rx',
	// `1023K`, `n/a`, `-`: 5 cells at most, and the title's 4.
	min: 5,
	base: 5,
	max: 5,
	grow: 0,
	align: 'right',
	// An extra, like AGE: dropped when the addresses or the process name would otherwise be cut
	// (listed before AGE, which goes first).
	priority: 3,
	value: (row, context) => rateCell(row, context.traffic, way),
	compare: (a, b, context) => compareRates(a, b, context.traffic, way),
	highFirst: true,
});

/** Bytes per second received and sent by each connection (tcp_info via ss, Linux). */
export const RX_COLUMN = rate('rx', 'RX/s', 'in');
export const TX_COLUMN = rate('tx', 'TX/s', 'out');

/** A listener's accept queue over its backlog; `!` marks a saturated one. */
export const QUEUE_COLUMN: Column = {
	id: 'queue',
	title: 'QUEUE',
	min: 5,
	base: 7,
	max: 13,
	grow: 0,
	align: 'right',
	priority: 3,
	value: (row, context) => queueCell(row, context.traffic),
	compare: (a, b, context) => compareQueues(a, b, context.traffic),
	highFirst: true,
};
