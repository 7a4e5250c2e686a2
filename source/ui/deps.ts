import {createContext, useContext} from 'react';
import type {Clock} from '../model/clock.js';
import type {Proto} from '../model/socket-record.js';
import type {ProcessInfoReader} from '../os/process-info.js';
import type {ProcessKiller} from '../os/process-killer.js';
import type {ReverseDns} from '../os/reverse-dns.js';
import type {ScanSession} from '../scan/scan-session.js';
import type {RemoteDetailsReader} from '../sources/remote/remote-details.js';
import type {RemoteKiller} from '../sources/remote/remote-killer.js';
import type {EventTimeline} from '../store/event-timeline.js';
import type {PollStore} from '../store/poll-store.js';
import type {TrafficStore} from '../store/traffic-store.js';
import type {Theme} from './theme.js';

/** Everything the dashboard needs from the outside world; tests pass fakes. */
export interface DashboardDeps {
	readonly store: PollStore;
	/** Per-connection rates and listen queues; absent: the traffic columns say `-`. */
	readonly traffic?: TrafficStore;
	readonly killer: ProcessKiller;
	/** With `--host`: kill on another host's row, over ssh. Absent: such a kill is refused. */
	readonly remoteKiller?: RemoteKiller;
	readonly processInfo: ProcessInfoReader;
	/** With `--host`: a remote row's process details, from that host's socktop. Absent: not available. */
	readonly remoteDetails?: RemoteDetailsReader;
	readonly reverseDns: ReverseDns;
	readonly scanner: ScanSession;
	readonly serviceName: (port: number, proto: Proto) => string | null;
	readonly clock: Clock;
	/** Rings the terminal bell. */
	readonly bell: () => void;
	/** The events seen since start (the history view, the detail view's "appeared"); written outside the UI. */
	readonly history: EventTimeline;
	/**
	 * Ctrl-Z: gives the terminal back and stops the process until it is continued (fg); false
	 * when nothing could continue it (no job control: `ssh -t host socktop`), and it did not stop.
	 */
	readonly suspend: () => boolean;
}

export interface DashboardConfig {
	readonly hostname: string;
	readonly sourceName: string;
	readonly intervalMs: number;
	readonly readOnly: boolean;
	readonly isRoot: boolean;
	readonly bell: boolean;
	readonly initialFilter: string;
	readonly theme: Theme;
	/** How long the kill dialog waits for SIGTERM to work before offering SIGKILL. */
	readonly killWaitMs?: number;
}

export const DepsContext = createContext<DashboardDeps | null>(null);

export function useDeps(): DashboardDeps {
	const deps = useContext(DepsContext);
	if (!deps) throw new Error('DepsContext is missing');
	return deps;
}
