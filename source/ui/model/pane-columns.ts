// The columns a pane lays out, from what the data holds: HOST with more than one host,
// CONTAINER with more than one network namespace, the traffic columns with a traffic store.
// One function, so the table drawn and the controller's `<` `>` agree on what is on screen.
import {type Column, withNamespaces} from './columns.js';
import {columnsFor} from './host-column.js';
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
