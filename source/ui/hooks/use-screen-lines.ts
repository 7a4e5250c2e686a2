import {useMemo} from 'react';
import {LOCAL_HOST} from '../../model/socket-record.js';
import type {TimelineEntry} from '../../store/event-timeline.js';
import {detailLines} from '../components/detail-view.js';
import {hostHelpLines} from '../components/header-hosts.js';
import {wrapHelpLines} from '../components/help-screen.js';
import {helpLines} from '../keymap.js';
import {appearedLines} from '../model/history-lines.js';
import type {UiState} from '../ui-state.js';
import type {DashboardData} from './use-dashboard-data.js';

const NO_LINES: {keys: string; help: string}[] = [];

/** The help and detail screens' lines, computed only while they are open. */
export function useScreenLines(
	state: UiState,
	data: DashboardData,
	readOnly: boolean,
	width: number,
	/** The sparkline's characters (ASCII under a C locale). */
	spark?: string,
	history: readonly TimelineEntry[] = [],
) {
	const {snapshot, details, context, traffic} = data;
	// Hosts in trouble first, in full: the header may only have room for `b unreachable (? details)`.
	const hostLines = state.mode === 'help' ? hostHelpLines(snapshot, context.now) : NO_LINES;
	const help = useMemo(
		() => wrapHelpLines([...hostLines, ...helpLines({readOnly})], width),
		[hostLines, readOnly, width],
	);
	const pid = state.mode === 'detail' ? (state.detail?.pid ?? null) : null;
	const socket = state.mode === 'detail' ? (state.detail?.socket ?? null) : null;
	// Another host's pid: only that host's sockets, and none of this machine's rates.
	const host = state.mode === 'detail' ? (state.detail?.host ?? LOCAL_HOST) : LOCAL_HOST;
	const detail = useMemo(() => {
		if (pid === null) return [];
		const rows = snapshot.rows.filter(
			(row) => row.record.host === host && row.record.owners.some((owner) => owner.pid === pid),
		);
		const lines = detailLines({
			details,
			rows,
			hostName: context.hostName,
			width,
			// Another host's rows get only the line that says why they have no rates (traffic-detail.ts).
			...(traffic ? {traffic: {pid, snapshot: traffic, ...(spark ? {spark} : {})}} : {}),
		});
		// The row it was opened on: when it appeared, and its own events.
		const selected = socket === null ? undefined : snapshot.rows.find((row) => row.key === socket);
		return selected ? [...appearedLines(selected, history, context.now), '', ...lines] : lines;
	}, [pid, host, socket, snapshot, details, context.hostName, context.now, width, history, traffic, spark]);
	return {help, detail};
}
