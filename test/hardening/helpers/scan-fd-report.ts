// What scan-fd-child.ts prints (its last stdout line) and scan-fd-leak.test.ts reads.

export interface EngineRun {
	engine: string;
	concurrency: number;
	full?: {scanned: number; filtered: number; open: number[]; leaked: string[]};
	cancel?: {done: number; cancelled: boolean; leaked: string[]};
	fdsAtStart: number;
	leakedAtEnd?: string[];
	/** Why the engine could not start (workers need descriptors too). */
	skipped?: string;
}

export interface ScanFdReport {
	/** The ports of the child's own two listeners. */
	listeners: number[];
	runs: EngineRun[];
}
