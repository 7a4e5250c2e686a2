// A source for worker-thread feeds (test/store/worker-feed.test.ts): built on the worker
// from structured-cloneable steps, played back one per read (the last one repeats).
import {makeRecord, type SocketRecord, type SourceResult} from '../../source/model/socket-record.js';
import {
	type ReadHints,
	type SocketSource,
	SourceError,
	type SourceErrorCode,
} from '../../source/sources/source.js';

export type ScriptedStep =
	| {readonly records: readonly SocketRecord[]; readonly unattributed?: number}
	| {readonly error: {readonly code: SourceErrorCode; readonly message: string}}
	/** Never answers until aborted. */
	| {readonly hang: true}
	/** Ends the worker thread, as a crash would. */
	| {readonly exitThread: true};

export function createScriptedSource(steps: readonly ScriptedStep[]): SocketSource {
	let next = 0;
	return {
		name: 'procfs',
		read(signal: AbortSignal, hints?: ReadHints): Promise<SourceResult> {
			const step = steps[Math.min(next++, steps.length - 1)]!;
			if ('exitThread' in step) process.exit(7); // on a worker thread this ends the thread only
			if ('error' in step) return Promise.reject(new SourceError(step.error.code, step.error.message));
			if ('hang' in step) {
				return new Promise((_, reject) => {
					if (signal.aborted) reject(new SourceError('TIMEOUT', 'hung'));
					signal.addEventListener('abort', () => reject(new SourceError('TIMEOUT', 'hung')), {once: true});
				});
			}
			// Tables first (ReadHints.ownersLater): the step's records without their owners.
			if (hints?.ownersLater)
				return Promise.resolve({
					records: step.records.map((record) => makeRecord({...record, owners: []})),
					unattributed: 0,
					skippedLines: 0,
					warnings: [],
					ownersPending: true,
				});
			return Promise.resolve({
				records: [...step.records],
				unattributed: step.unattributed ?? 0,
				skippedLines: 0,
				warnings: [],
			});
		},
	};
}
