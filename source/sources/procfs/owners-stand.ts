import type {SocketOwner, SocketRecord} from '../../model/socket-record.js';

type Where = Pick<SocketRecord, 'netns' | 'container' | 'containerId'>;

const NONE: readonly SocketOwner[] = [];

/**
 * Whether every record still has the owners a new walk found for its inode (`found`; none
 * when absent) and the namespace and container labels those owners give (`where`): then the
 * records made from the same table text after that walk would equal these, field for field.
 * Pure, for the procfs source's rewalk on an unchanged table (procfs-source.ts).
 */
export function ownersStand(
	records: readonly SocketRecord[],
	found: ReadonlyMap<number, readonly SocketOwner[]>,
	where: (owners: readonly SocketOwner[]) => Where,
): boolean {
	for (const record of records) {
		const owners = record.inode === null ? NONE : (found.get(record.inode) ?? NONE);
		if (owners !== record.owners) {
			if (owners.length !== record.owners.length) return false;
			for (let i = 0; i < owners.length; i++)
				if (owners[i]!.pid !== record.owners[i]!.pid || owners[i]!.process !== record.owners[i]!.process)
					return false;
		}
		const place = where(owners);
		if (
			(place.netns ?? null) !== record.netns ||
			(place.container ?? null) !== record.container ||
			(place.containerId || undefined) !== (record.containerId || undefined)
		)
			return false;
	}
	return true;
}
