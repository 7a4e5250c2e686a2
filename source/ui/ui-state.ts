import type {Mode} from './keymap.js';
import type {SortSpec} from './model/pane-data.js';
import type {PaneId} from './model/view-row.js';

// Everything the dashboard remembers between key presses (data lives in the store),
// and the types the screens draw it with. Components import these; this module
// imports no component.

export type FocusId = PaneId | 'scan';
export const FOCUS_ORDER: readonly FocusId[] = ['listening', 'established', 'scan'];

export interface FooterMessage {
	readonly text: string;
	readonly kind: 'info' | 'error' | 'ok';
}

export interface KillOwner {
	readonly pid: number;
	readonly process: string;
}

/** What the kill dialog shows and signals: captured when it opens, so a later refresh cannot change a pid. */
export interface KillTarget {
	/** Every process holding the selected socket (several after a fork). */
	readonly owners: readonly KillOwner[];
	/** Listening ports and connections those processes hold, as shown to the user. */
	readonly ports: readonly string[];
	readonly connections: number;
	/** The `--host` DEST the pids belong to; absent for this machine. */
	readonly host?: string;
}

export type KillStage = 'confirm' | 'waiting' | 'offer-kill';

export interface KillDialog {
	readonly target: KillTarget;
	readonly stage: KillStage;
	/**
	 * The read (one chunk of terminal input) during or before which the question
	 * appeared: only a key from a later read answers it, so a paste cannot.
	 */
	readonly armedAfterRead: number;
}

export type ScanField = 'target' | 'ports';

export interface ScanInput {
	readonly target: string;
	readonly ports: string;
	readonly field: ScanField;
	readonly error: string | null;
	readonly starting: boolean;
	/** Prefilled text that the first typed key replaces (shown selected). */
	readonly replace: Readonly<Record<ScanField, boolean>>;
}

export interface DetailState {
	readonly pid: number;
	readonly name: string;
	/** Key of the row it was opened on: its "appeared" line and its history. */
	readonly socket?: string;
	/** Another host's process (`--host`): its details and sockets are that host's. */
	readonly host?: string;
	/** First line shown, clamped to the lines there are. */
	readonly scroll: number;
}

export interface UiState {
	readonly mode: Mode;
	readonly focus: FocusId;
	readonly selected: Record<PaneId, string | null>;
	/** Index of the selection when last seen, to fall back on when its row goes. */
	readonly selectedIndex: Record<PaneId, number>;
	/** First row shown per pane; moved by keys and clamped when the rows change, never during render. */
	readonly windowStart: Record<PaneId, number>;
	readonly sort: Record<PaneId, SortSpec>;
	/** The table's filter in effect (kept with Enter). */
	readonly filter: string;
	/**
	 * The history view's own filter: one filter per view, as htop keeps, so filtering the
	 * history never empties the tables behind it, nor the reverse (QA: it leaked into the table).
	 */
	readonly historyFilter: string;
	/** The filter being typed (mode 'filter'); applies live while it parses. */
	readonly draft: string;
	readonly paused: boolean;
	readonly hideOther: boolean;
	readonly dns: boolean;
	readonly message: FooterMessage | null;
	readonly detail: DetailState | null;
	/** First help line shown when the help does not fit. */
	readonly helpScroll: number;
	readonly kill: KillDialog | null;
	/** The scan form while it is open (mode 'scan-input'). */
	readonly scanInput: ScanInput | null;
	/** The pane focus returns to when the scan form closes or the results are dismissed. */
	readonly scanOrigin: PaneId;
	/** First open-port line shown in the scan pane. */
	readonly scanScroll: number;
	/** The last scan's results were closed with Esc; the next scan shows them again. */
	readonly scanDismissed: boolean;
	/** The last target and ports typed, offered again when nothing is selected. */
	readonly lastScan: {target: string; ports: string};
	/** First event line shown in the history view. */
	readonly historyScroll: number;
	/** Where Enter / Esc in the filter line go back to: the table, or the history it filters. */
	readonly filterReturn: 'table' | 'history';
}

export function initialUiState(filter: string): UiState {
	return {
		mode: 'table',
		focus: 'listening',
		selected: {listening: null, established: null},
		selectedIndex: {listening: 0, established: 0},
		windowStart: {listening: 0, established: 0},
		sort: {
			listening: {column: 'port', descending: false},
			// Oldest first: long-lived connections stay put at the top and new ones are added
			// at the bottom, so a refresh moves as few rows as possible (stable view, few bytes).
			established: {column: 'age', descending: true},
		},
		filter,
		historyFilter: '',
		draft: filter,
		paused: false,
		hideOther: false,
		dns: false,
		message: null,
		detail: null,
		helpScroll: 0,
		kill: null,
		scanInput: null,
		scanOrigin: 'listening',
		scanScroll: 0,
		scanDismissed: false,
		lastScan: {target: '127.0.0.1', ports: 'top100'},
		historyScroll: 0,
		filterReturn: 'table',
	};
}
