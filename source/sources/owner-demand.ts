import type {SocketRecord} from '../model/socket-record.js';

// `container` too: a socket's label is its owner's (cgroup-label.ts), known only once owners are.
const OWNER_FIELDS: ReadonlySet<PropertyKey> = new Set(['owners', 'pid', 'process', 'container']);

/**
 * Which records' owners matter to a filter (a `ReadHints.ownersWanted` for sources): those
 * it accepts, and those it decided on only after reading an owner field (`owners`, `pid`,
 * `process`), probed with owners left empty. A filter is a pure function of the record, so
 * one that rejects a record without reading those fields rejects it whatever its owners:
 * `port:9999` with nothing on that port needs no walk of /proc/<pid>/fd at all.
 */
export function ownersWantedBy(
	predicate: (record: SocketRecord) => boolean,
): (record: SocketRecord) => boolean {
	return (record) => {
		let readOwners = false;
		const probe = new Proxy(record, {
			get(target, key, receiver) {
				if (OWNER_FIELDS.has(key)) readOwners = true;
				return Reflect.get(target, key, receiver);
			},
		});
		return predicate(probe) || readOwners;
	};
}
