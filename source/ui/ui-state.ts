import type {FooterMessage} from './components/footer.js';
import type {KillStage, KillTarget} from './components/kill-dialog.js';
import type {ScanInput} from './components/scan-pane.js';
import type {Mode} from './keymap.js';
import type {SortSpec} from './model/pane-data.js';
import type {PaneId} from './model/view-row.js';

export type FocusId = PaneId | 'scan';
export const FOCUS_ORDER: readonly FocusId[] = ['listening', 'established', 'scan'];

/** Everything the dashboard remembers between key presses (data lives in the store). */
export interface UiState {
	readonly mode: Mode;
	readonly focus: FocusId;
	readonly selected: Record<PaneId, string | null>;
	/** Index of the selection at the last render, to fall back on when its row goes. */
	readonly selectedIndex: Record<PaneId, number>;
	readonly windowStart: Record<PaneId, number>;
	readonly sort: Record<PaneId, SortSpec>;
	readonly filter: string;
	readonly draft: string;
	readonly paused: boolean;
	readonly hideOther: boolean;
	readonly dns: boolean;
	readonly message: FooterMessage | null;
	readonly detail: {pid: number; name: string; scroll: number} | null;
	/** First help line shown when the help does not fit. */
	readonly helpScroll: number;
	readonly kill: {target: KillTarget; stage: KillStage} | null;
	/** The scan pane's input while it is open (mode 'scan-input'). */
	readonly scanInput: ScanInput | null;
	/** The last target and ports typed, offered again when nothing is selected. */
	readonly lastScan: {target: string; ports: string};
}

export function initialUiState(filter: string): UiState {
	return {
		mode: 'table',
		focus: 'listening',
		selected: {listening: null, established: null},
		selectedIndex: {listening: 0, established: 0},
		windowStart: {listening: 0, established: 0},
		sort: {
			listening: {column: 'port', descending: false}, // Oldest first: long-lived connections stay put at the top and new ones are added
			// at the bottom, so a refresh moves as few rows as possible (stable view, few bytes).
			established: {column: 'age', descending: true},
		},
		filter,
		draft: filter,
		paused: false,
		hideOther: false,
		dns: false,
		message: null,
		detail: null,
		helpScroll: 0,
		kill: null,
		scanInput: null,
		lastScan: {target: '127.0.0.1', ports: 'top100'},
	};
}
