import type {ScanPhase} from '../../scan/scan-session.js';
import type {Row, Snapshot} from '../../store/snapshot.js';
import type {DecodedKey} from '../input/decode-keys.js';
import type {FittedColumn} from '../model/columns.js';
import type {PaneId} from '../model/view-row.js';
import type {FooterMessage, KillTarget, UiState} from '../ui-state.js';

/** One key, with the read (chunk of terminal input) it arrived in. */
export interface KeyPress extends DecodedKey {
	/** Increases with every read; keys of one read share it. */
	readonly read: number;
	/** How many keys that read held: more than one is a paste or keys typed faster than the link. */
	readonly readSize: number;
}

export interface PaneView {
	/** The pane's rows as shown: filtered and sorted. */
	readonly rows: readonly Row[];
	/** Data rows that fit on screen. */
	readonly height: number;
	/** Ids of the columns drawn (a narrow terminal leaves some out): `<` `>` sort by these. */
	readonly columns: readonly string[];
	/**
	 * The columns drawn, fitted to the rows in the pane's window: computed once per render
	 * and drawn as is (dashboard-body.tsx), so `columns` and the table never disagree.
	 */
	readonly fitted: readonly FittedColumn[];
}

/** The facts of the last render the controller needs. */
export interface ControllerView {
	readonly panes: Readonly<Record<PaneId, PaneView>>;
	/** The data shown (frozen while paused), for the kill dialog's target. */
	readonly snapshot: Snapshot;
	readonly scan: {readonly phase: ScanPhase; readonly results: number; readonly room: number};
	readonly readOnly: boolean;
	/** Lines of the help / detail screen and how many fit. */
	readonly help: {readonly lines: number; readonly room: number};
	readonly detail: {readonly lines: number; readonly room: number};
	/** Event lines of the history view (filtered) and how many fit. */
	readonly history: {readonly lines: number; readonly room: number};
}

export type Signal = 'SIGTERM' | 'SIGKILL';

/** What the shell does for the controller: the only way a key reaches the world. */
export type Effect =
	| {readonly kind: 'exit'}
	| {readonly kind: 'suspend'}
	| {readonly kind: 'refresh'; readonly refreeze: boolean}
	| {readonly kind: 'freeze'; readonly on: boolean}
	| {readonly kind: 'start-scan'; readonly target: string; readonly ports: string}
	| {readonly kind: 'cancel-scan'}
	| {readonly kind: 'signal'; readonly target: KillTarget; readonly signal: Signal};

/** Things that happen to the controller without a key. */
export type UiEvent =
	| {readonly kind: 'scan-started'; readonly target: string; readonly ports: string}
	| {readonly kind: 'scan-refused'; readonly error: string}
	| {readonly kind: 'kill-offer'; readonly afterRead: number}
	| {readonly kind: 'kill-done'; readonly message: FooterMessage}
	/** MESSAGE has been on screen long enough (message-expiry.ts); a newer one stays. */
	| {readonly kind: 'message-expired'; readonly message: FooterMessage}
	/** Ctrl-Z found no job control: nothing could resume socktop, so it did not stop. */
	| {readonly kind: 'suspend-refused'}
	/** Something the history has to say once: a log that cannot be written, a hook that failed. */
	| {readonly kind: 'history-note'; readonly text: string};

export interface Step {
	readonly state: UiState;
	readonly effects: readonly Effect[];
}

export const stay = (state: UiState): Step => ({state, effects: []});
export const withEffect = (state: UiState, effect: Effect): Step => ({state, effects: [effect]});
