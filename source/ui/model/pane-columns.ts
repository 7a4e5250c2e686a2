// The columns a pane lays out, from what the data holds: HOST with more than one host,
// CONTAINER with more than one network namespace, the traffic columns with a traffic store.
// One function, so the table drawn and the controller's `<` `>` agree on what is on screen.

import type {Snapshot} from '../../store/snapshot.js';
import {type Column, withNamespaces} from './columns.js';
import {columnsFor} from './host-column.js';
import type {PaneCounts} from './pane-data.js';
import {withTraffic} from './traffic-cells.js';
import type {CellContext, PaneId} from './view-row.js';

export interface ColumnFacts {
	readonly hosts: number;
	readonly namespaces: number;
	readonly context: CellContext;
}

export function paneColumns(pane: PaneId, facts: ColumnFacts): readonly Column[] {
	return withTraffic(withNamespaces(columnsFor(pane, facts.hosts), facts.namespaces), facts.context);
}

/** What decides which columns the panes lay out, from a snapshot and its counts. */
export function columnFacts(data: {
	readonly snapshot: Pick<Snapshot, 'hosts'>;
	readonly counts: Pick<PaneCounts, 'namespaces'>;
	readonly context: CellContext;
}): ColumnFacts {
	return {
		hosts: data.snapshot.hosts?.length ?? 1,
		namespaces: data.counts.namespaces ?? 1,
		context: data.context,
	};
}
