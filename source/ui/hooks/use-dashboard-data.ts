import {useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {parseFilter} from '../../filter/filter.js';
import type {ProcessDetails} from '../../os/process-info.js';
import type {Snapshot} from '../../store/snapshot.js';
import type {DashboardConfig, DashboardDeps} from '../deps.js';
import {countRows, filterPaneRows, type SortedRows, sortPaneRows} from '../model/pane-data.js';
import {NO_TRAFFIC, subscribeTraffic, trafficLookups, usesTraffic} from '../model/traffic-filter.js';
import {type CellContext, isListening} from '../model/view-row.js';
import type {UiState} from '../ui-state.js';
import {useTicker} from './use-ticker.js';

export type Details = ProcessDetails | null | 'loading' | {readonly unavailable: string};

/** What the screen shows, derived from the stores and the UI state; no key handling here. */
export function useDashboardData(config: DashboardConfig, deps: DashboardDeps, state: UiState) {
	const {store, reverseDns, clock} = deps;
	const live = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const dnsVersion = useSyncExternalStore(reverseDns.subscribe, reverseDns.version);
	const scan = useSyncExternalStore(deps.scanner.subscribe, deps.scanner.getSnapshot);
	const tick = useTicker(clock, 60_000);
	const traffic = useSyncExternalStore(
		deps.traffic?.subscribe ?? subscribeTraffic,
		deps.traffic?.getSnapshot ?? (() => NO_TRAFFIC),
	);
	const [frozen, setFrozen] = useState<Snapshot | null>(null);
	const snapshot = state.paused && frozen ? frozen : live;

	// Filter: while typing, the draft applies as soon as it parses.
	// A filter on the listen queues (`saturated:yes`) is parsed again with each traffic
	// snapshot; any other keeps its predicate, so traffic does not refilter 100,000 rows.
	// The draft is the table's only when the table is what it filters (not the history's own).
	const typing = state.mode === 'filter' && state.filterReturn === 'table';
	const filterTraffic = usesTraffic(state.filter) || (typing && usesTraffic(state.draft));
	const lookupTraffic = filterTraffic ? traffic : null;
	const typed = useMemo(
		() => (typing ? parseFilter(state.draft, trafficLookups(lookupTraffic)) : null),
		[typing, state.draft, lookupTraffic],
	);
	const applied = useMemo(
		() => parseFilter(state.filter, trafficLookups(lookupTraffic)),
		[state.filter, lookupTraffic],
	);
	const predicate = typed?.ok ? typed.predicate : applied.ok ? applied.predicate : () => true;

	// Its own memo: the same function from one minute's tick to the next lets a new
	// snapshot be sorted from the last one (sortPaneRows). Made outside this render's scope
	// (keptClosures below).
	const hostName = useMemo(() => hostNameOf(state.dns, reverseDns), [state.dns, reverseDns]);
	const context: CellContext = useMemo(
		// Ages move once a minute (the ticker), not with every poll: otherwise each
		// refresh would rewrite every visible row over a slow link. namesVersion: a new
		// object when names arrive, so the remote column re-renders.
		() => ({
			now: tick,
			serviceName: deps.serviceName,
			hostName,
			namesVersion: dnsVersion,
			atLeast: config.theme.glyphs.atLeast,
			...(traffic === NO_TRAFFIC ? {} : {traffic}),
		}),
		[tick, deps.serviceName, hostName, dnsVersion, config.theme.glyphs.atLeast, traffic],
	);
	// The previous sort, kept so the next one only places new and changed rows.
	const lastSorted = useRef<SortedRows | undefined>(undefined);
	const sorted = useMemo(
		() => sortPaneRows(snapshot, state.sort, context, lastSorted.current),
		[snapshot, state.sort, context],
	);
	useEffect(() => {
		lastSorted.current = sorted;
	}, [sorted]);
	const paneRows = useMemo(
		() => filterPaneRows(sorted, predicate, state.hideOther),
		[sorted, predicate, state.hideOther],
	);
	const filtered = Boolean(typed?.ok ? state.draft.trim() : state.filter.trim());
	const counts = useMemo(() => countRows(snapshot, predicate, filtered), [snapshot, predicate, filtered]);

	// A new listening port rings the bell (--bell).
	useEffect(() => {
		if (!config.bell || live.added.length === 0) return;
		const added = new Set(live.added);
		if (live.rows.some((row) => added.has(row.key) && isListening(row.record))) deps.bell();
	}, [live, config.bell, deps]);

	const detailHost = state.detail?.host ?? null;
	// A remote host's mode says whether a socktop there can give details (not the ss/netstat fallback).
	const detailMode =
		detailHost === null ? null : (snapshot.hosts?.find((status) => status.host === detailHost)?.mode ?? null);
	const details = useProcessDetails(deps, state.detail?.pid ?? null, detailHost, detailMode);
	const freeze = useMemo(() => freezeOf(store, setFrozen), [store]);
	return {
		snapshot,
		traffic: traffic === NO_TRAFFIC ? undefined : traffic,
		scan,
		context,
		paneRows,
		counts,
		filterError: typed && !typed.ok ? typed.error : null,
		details,
		freeze,
	};
}

export type DashboardData = ReturnType<typeof useDashboardData>;

// keptClosures: functions memoized across renders are made here, not in useDashboardData. A
// closure made in a render keeps that render's whole scope (V8 shares one context among a
// function's closures): `freeze` and `hostName`, made in the first render and kept for the
// dashboard's life, held its first snapshot and sorted rows (at 10,000 connections the
// tables-only rows and records, ≈6 MB of a heap snapshot, docs/memory.md).
function hostNameOf(dns: boolean, reverseDns: DashboardDeps['reverseDns']) {
	return (address: string) => (dns ? (reverseDns.get(address) ?? null) : null);
}

function freezeOf(store: DashboardDeps['store'], setFrozen: (snapshot: Snapshot | null) => void) {
	return (on: boolean) => setFrozen(on ? store.getSnapshot() : null);
}

/**
 * The detail view's command line and owner, read outside the UI: from /proc here, or for
 * another host's row from that host's socktop (over ssh). A host read through the fallback
 * (mode `ss, Linux`, `netstat, Darwin`…) has no socktop to ask.
 */
function useProcessDetails(
	deps: DashboardDeps,
	pid: number | null,
	host: string | null,
	mode: string | null,
): Details {
	const [details, setDetails] = useState<Details>('loading');
	const viaSocktop = mode?.includes('socktop') ?? false;
	useEffect(() => {
		if (pid === null) return;
		let cancelled = false;
		if (host !== null && (!viaSocktop || deps.remoteDetails === undefined)) {
			setDetails({
				// Short: it must fit 80 columns after `command: (not available: `.
				unavailable: `no socktop on ${host}${mode === null ? '' : `, read through ${mode}`}`,
			});
			return;
		}
		setDetails('loading');
		const read = host === null ? deps.processInfo(pid) : deps.remoteDetails!.read(host, pid);
		read.then(
			(info) => !cancelled && setDetails(info),
			() => !cancelled && setDetails(null),
		);
		return () => {
			cancelled = true;
		};
	}, [pid, host, viaSocktop, mode, deps]);
	return details;
}
