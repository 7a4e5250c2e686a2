import type {Proto, SocketRecord} from '../../model/socket-record.js';
import type {TrafficSnapshot} from '../../store/traffic-store.js';

export type PaneId = 'listening' | 'established';

/** What a row's cells are computed from: the store row plus lookups the UI was given. */
export interface CellContext {
	/** "Now" for ages: the time of the data shown, so identical data renders identically. */
	readonly now: number;
	readonly serviceName: (port: number, proto: Proto) => string | null;
	/** Reverse DNS name for a remote address, when lookups are on and it is known. */
	readonly hostName: (address: string) => string | null;
	readonly namesVersion?: number;
	/** The mark before a lower-bound age: `≥`, or `>=` in ASCII (theme glyphs). */
	readonly atLeast?: string;
	/** Per-socket counters and listen queues (traffic-store.ts); absent where nothing reads them. */
	readonly traffic?: TrafficSnapshot;
}

export const isListening = (record: SocketRecord): boolean =>
	record.state === 'LISTEN' || record.state === 'UNCONN' || record.state === 'BOUND';
