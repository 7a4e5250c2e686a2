// The scan pane's height (pure: no Ink): the layout of the Ink screen and of the plain first
// frame (plain-frame.ts) both need it.
import type {ScanSnapshot} from '../../scan/scan-session.js';
import type {ScanInput} from '../ui-state.js';

/** Whether the pane shows a scan's results (or its progress). */
export const showsResults = (scan: ScanSnapshot, dismissed: boolean) =>
	scan.phase !== 'idle' && (!dismissed || scan.phase === 'running');

/** Lines the scan pane would like: its title and status, plus a line per open port (up to 8). */
export function scanPaneLines(scan: ScanSnapshot, input: ScanInput | null, dismissed: boolean): number {
	if (input) return 3;
	if (!showsResults(scan, dismissed)) return 2;
	if (scan.phase === 'failed') return 3;
	return 2 + (scan.comparison ? 1 : 0) + Math.min(scan.open.length, 8);
}
