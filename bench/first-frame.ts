// The dashboard's "first useful frame", one definition for every bench that times it
// (`startup` and `memory`), from issue 14: the screen shows the listeners with their ports,
// and the header counts the connections the bench holds; owners (PID, PROCESS) may still
// be pending (`…`, or `~` under a C locale) and must follow within one poll. Both benches
// time it from starting the tmux pane (process start included) until a capture of the pane
// shows it, captured when the pane writes through a tmux control client (pane-watch.ts; so does
// first-frame-ab). Before, they spawned a `tmux capture-pane` every 10 ms: ≈ 25 ms of CPU per
// capture beside the start being timed (docs/first-frame.md, 2026-12-01).

export interface FrameExpectation {
	/** Ports of listeners on 127.0.0.1 that must be drawn, each on its row. */
	readonly ports: readonly number[];
	/** The header's `established` count must reach this. */
	readonly established: number;
}

export const FIRST_FRAME_DEFINITION =
	'first useful frame: from the pane starting until the header counts the held connections and every held listener is drawn with its port (owners may be pending)';

const HEADER = /listening (\d+)\s+established (\d+)/;

/** The row of a listener on 127.0.0.1:port, as the Listening pane draws it (address, then port). */
function listenerRow(screen: string, port: number): string | null {
	const row = new RegExp(`^.*\\b127\\.0\\.0\\.1\\s+${port}\\b.*$`, 'm').exec(screen);
	return row ? row[0] : null;
}

/** Whether a captured screen is a useful frame (owners may still be pending). */
export function isUsefulFrame(screen: string, expect: FrameExpectation): boolean {
	const header = HEADER.exec(screen);
	if (header === null) return false;
	if (Number(header[1]) < expect.ports.length || Number(header[2]) < expect.established) return false;
	return expect.ports.every((port) => listenerRow(screen, port) !== null);
}

/**
 * Whether the owners are drawn too: the header no longer says `owners: reading` and each
 * listener's row carries a PID (a number standing alone after the port, which the QUEUE
 * column's `0/4096` is not).
 */
export function ownersShown(screen: string, expect: FrameExpectation): boolean {
	if (!isUsefulFrame(screen, expect) || /owners: reading/.test(screen)) return false;
	return expect.ports.every((port) => {
		const row = listenerRow(screen, port) ?? '';
		const after = row.slice(row.search(new RegExp(`\\b${port}\\b`)) + String(port).length);
		return /(?:^|\s)\d+\s+\S/.test(after);
	});
}

export interface FirstFrameTiming {
	/** ms from `started` to the first useful frame, null if none within the bound. */
	readonly usefulMs: number | null;
	/** That frame still waited for owners. */
	readonly ownersPending: boolean;
	/** ms from `started` until the owners were drawn too, null if not within the bound. */
	readonly ownersMs: number | null;
}
