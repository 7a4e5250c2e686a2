import {makeRecord, type SocketRecord, type SourceResult} from '../../source/model/socket-record.js';
import type {ReadHints, SocketSource} from '../../source/sources/source.js';

/**
 * A source whose owner lookup is held until the test calls `release()` (an injected slow
 * owner walk, not a timing): a tables-only read (ReadHints.ownersLater) answers at once with
 * the records' owners left out and `ownersPending`; a full read waits for the release.
 */
export class SlowOwnerSource implements SocketSource {
	readonly name = 'procfs' as const;
	/** The hints of every read, in order. */
	readonly hints: (ReadHints | undefined)[] = [];
	private open: () => void = () => {};
	private readonly gate = new Promise<void>((resolve) => {
		this.open = resolve;
	});

	constructor(private readonly records: readonly SocketRecord[]) {}

	release(): void {
		this.open();
	}

	async read(_signal: AbortSignal, hints?: ReadHints): Promise<SourceResult> {
		this.hints.push(hints);
		if (hints?.ownersLater)
			return {
				records: this.records.map((record) => makeRecord({...record, owners: []})),
				unattributed: 0,
				skippedLines: 0,
				warnings: [],
				ownersPending: true,
			};
		await this.gate;
		return {records: [...this.records], unattributed: 0, skippedLines: 0, warnings: []};
	}
}
