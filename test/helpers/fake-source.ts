import type {SocketRecord, SourceResult} from '../../source/model/socket-record.js';
import {type SocketSource, SourceError} from '../../source/sources/source.js';

type Step =
	| {records: SocketRecord[]; unattributed?: number}
	| {error: SourceError}
	| {hang: true; ignoreAbort?: boolean}
	| {delayed: Promise<SocketRecord[]>};

/** A source that plays back a script of results, counting reads and overlaps. */
export class FakeSource implements SocketSource {
	readonly name = 'procfs' as const;
	reads = 0;
	active = 0;
	maxActive = 0;
	private steps: Step[];
	private last: Step;

	constructor(steps: Step[]) {
		this.steps = [...steps];
		this.last = steps.at(-1) ?? {records: []};
	}

	push(...steps: Step[]) {
		this.steps.push(...steps);
	}

	async read(signal: AbortSignal): Promise<SourceResult> {
		this.reads++;
		this.active++;
		this.maxActive = Math.max(this.maxActive, this.active);
		const step = this.steps.shift() ?? this.last;
		this.last = step;
		try {
			if ('error' in step) throw step.error;
			if ('hang' in step) {
				await new Promise<never>((_, reject) => {
					if (!step.ignoreAbort)
						signal.addEventListener('abort', () => reject(new SourceError('TIMEOUT', 'aborted')));
				});
			}
			const records = 'delayed' in step ? await step.delayed : 'records' in step ? step.records : [];
			const unattributed = 'unattributed' in step ? (step.unattributed ?? 0) : 0;
			return {records, unattributed, skippedLines: 0, warnings: []};
		} finally {
			this.active--;
		}
	}
}
