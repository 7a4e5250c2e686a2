import {useEffect, useMemo, useSyncExternalStore} from 'react';
import {parseFilter} from '../../filter/filter.js';
import type {EventTimeline} from '../../store/event-timeline.js';
import {reduceEvent} from '../controller/reduce-key.js';
import type {UiStore} from '../controller/ui-store.js';
import type {UiState} from '../ui-state.js';

/**
 * The history view's events: the timeline, newest first, through the filter in effect (the
 * draft while it is typed and parses). Read only while the view is open, or the detail view
 * needs the selected socket's own events.
 */
export function useHistory(state: UiState, timeline: EventTimeline) {
	const version = useSyncExternalStore(timeline.subscribe, timeline.version);
	const open = state.mode === 'history' || (state.mode === 'filter' && state.filterReturn === 'history');
	const needed = open || state.mode === 'detail';
	// The history's own filter (ui-state.ts historyFilter): the draft while it is typed and parses.
	const typing = state.mode === 'filter' && state.filterReturn === 'history';
	const typed = typing ? parseFilter(state.draft) : null;
	const text = typed?.ok ? state.draft : state.historyFilter;
	// biome-ignore lint/correctness/useExhaustiveDependencies: version says the timeline moved
	const all = useMemo(() => (needed ? timeline.newestFirst() : []), [needed, timeline, version]);
	const entries = useMemo(() => {
		if (!open) return [];
		const parsed = parseFilter(text);
		if (!parsed.ok || text.trim() === '') return all;
		return all.filter((entry) => parsed.predicate(entry.event.row.record));
	}, [open, all, text]);
	return {
		all,
		entries,
		filtered: text.trim() !== '',
		filterError: typed && !typed.ok ? typed.error : null,
		total: timeline.total(),
		start: timeline.start(),
	};
}

export type HistoryData = ReturnType<typeof useHistory>;

/** A note of the history (log cannot be written, hook failed) goes to the footer, once. */
export function useHistoryNotes(ui: UiStore, timeline: EventTimeline): void {
	const version = useSyncExternalStore(timeline.subscribe, timeline.version);
	const note = timeline.lastNote();
	const seq = note?.seq ?? 0;
	// biome-ignore lint/correctness/useExhaustiveDependencies: only a new note is news
	useEffect(() => {
		if (note === null) return;
		ui.set(reduceEvent(ui.get(), {kind: 'history-note', text: note.text}));
	}, [seq, ui]);
	void version;
}
