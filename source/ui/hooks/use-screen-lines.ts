import {useMemo} from 'react';
import {detailLines} from '../components/detail-view.js';
import {wrapHelpLines} from '../components/help-screen.js';
import {helpLines} from '../keymap.js';
import type {UiState} from '../ui-state.js';
import type {DashboardData} from './use-dashboard-data.js';

/** The help and detail screens' lines, computed only while they are open. */
export function useScreenLines(
	state: UiState,
	data: DashboardData,
	readOnly: boolean,
	width: number,
	/** The sparkline's characters (ASCII under a C locale). */
	spark?: string,
) {
	const help = useMemo(() => wrapHelpLines(helpLines({readOnly}), width), [readOnly, width]);
	const pid = state.mode === 'detail' ? (state.detail?.pid ?? null) : null;
	const {snapshot, details, context, traffic} = data;
	const detail = useMemo(() => {
		if (pid === null) return [];
		const rows = snapshot.rows.filter((row) => row.record.owners.some((owner) => owner.pid === pid));
		return detailLines({
			details,
			rows,
			hostName: context.hostName,
			width,
			...(traffic ? {traffic: {pid, snapshot: traffic, ...(spark ? {spark} : {})}} : {}),
		});
	}, [pid, snapshot, details, context.hostName, width, traffic, spark]);
	return {help, detail};
}
