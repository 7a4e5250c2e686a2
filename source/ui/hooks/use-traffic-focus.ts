import {useEffect} from 'react';
import {paneWindow} from '../controller/navigation.js';
import type {ControllerView} from '../controller/types.js';
import type {DashboardDeps} from '../deps.js';
import type {UiState} from '../ui-state.js';

/**
 * Tells the traffic store which connections are on screen: above its socket budget it reads
 * only those every poll (traffic-store.ts).
 */
export function useTrafficFocus(state: UiState, view: ControllerView, deps: DashboardDeps): void {
	const {start} = paneWindow(state, view, 'established');
	const {rows, height} = view.panes.established;
	useEffect(() => {
		if (!deps.traffic) return;
		const shown = rows.slice(start, start + height);
		deps.traffic.setVisible(
			shown.flatMap(({record}) =>
				record.proto === 'tcp' && record.remotePort !== null
					? [{localPort: record.localPort, remotePort: record.remotePort}]
					: [],
			),
		);
	}, [rows, start, height, deps.traffic]);
}
