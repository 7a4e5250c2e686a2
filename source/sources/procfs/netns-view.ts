// Everything the procfs source needs about network namespaces beyond its own: the census,
// the other namespaces' tables on their cadence, which of them `--netns` keeps, and each
// record's `netns` and `container`.
//
// Records of this process's own namespace (the "host" namespace) carry `netns: null`, so their
// row keys stay as they were (row-key.ts) and `ns:host` matches them; the others carry their
// namespace's id (netns-census.ts).
import {cadenceNote} from '../../model/netns-note.js';
import type {SocketOwner, SocketRecord} from '../../model/socket-record.js';
import {SourceError} from '../source.js';
import type {ContainerNames} from './container-names.js';
import {createIdleNetns} from './idle-netns.js';
import {type CensusNamespace, createCensus, type NetnsFs} from './netns-census.js';
import {createNamespaceTables, type NamespaceTable, type NamespaceTablesOptions} from './netns-tables.js';
import type {ProcFs} from './proc-fs.js';
import {createProcessLabels, isContainerLabel} from './process-labels.js';

/** `--netns`: all, host, a namespace id, or an `ip netns` name. */
export type NetnsChoice = string;

export interface NetnsViewOptions {
	readonly root: string;
	readonly fs: ProcFs;
	/** null: no census (a fake /proc): this namespace only, still labelled. */
	readonly netnsFs: NetnsFs | null;
	readonly privileged: boolean;
	readonly now: () => number;
	readonly choice: NetnsChoice;
	readonly netnsDir?: string;
	readonly share?: number;
	readonly readTexts: NamespaceTablesOptions['readTexts'];
	readonly parse: NamespaceTablesOptions['parse'];
	/**
	 * The texts of a named namespace no process is in (named-netns-read.ts), or null: such
	 * namespaces are not read (not root).
	 */
	readonly readNamed?: ((name: string, signal: AbortSignal) => Promise<string[]>) | null;
	/** Runtime names for container labels (container-names.ts), or null: ids only. */
	readonly containerNames?: ContainerNames | null;
}

export interface OthersRead {
	/** Whether this namespace's own records are wanted (not with `--netns` naming another). */
	readonly hostWanted: boolean;
	readonly tables: readonly NamespaceTable[];
	readonly changed: boolean;
	/** Lines for the user: data older than the poll, a `--netns` that matches nothing, idle namespaces. */
	readonly warnings: readonly string[];
}

const NO_TABLES: readonly NamespaceTable[] = [];

export function createNetnsView(options: NetnsViewOptions) {
	const {root, fs, netnsFs, privileged, now, choice} = options;
	const labels = createProcessLabels(root, fs);
	const census =
		netnsFs === null ? null : createCensus({root, fs: netnsFs, privileged, netnsDir: options.netnsDir});
	const tables =
		census === null
			? null
			: createNamespaceTables({
					root,
					census,
					now,
					readTexts: options.readTexts,
					parse: options.parse,
					share: options.share,
				});
	const idle =
		census === null || !options.readNamed
			? null
			: createIdleNetns({read: options.readNamed, parse: options.parse, now});
	/** Per poll: the label of each namespace's records with no known owner. */
	let namespaceLabels = new Map<number, string | null>();
	let lastPollAt: number | null = null;

	const namespaceLabel = (namespace: CensusNamespace): string | null => {
		const known = namespaceLabels.get(namespace.key);
		if (known !== undefined) return known;
		// The commonest container label among its processes, else its name, else a unit.
		const counts = new Map<string, number>();
		let unit: string | null = null;
		for (const pid of namespace.pids) {
			const label = labels.labelOf(pid);
			if (isContainerLabel(label)) counts.set(label, (counts.get(label) ?? 0) + 1);
			else unit ??= label;
		}
		let best: string | null = null;
		for (const [label, count] of counts) if (best === null || count > counts.get(best)!) best = label;
		const label = best ?? (namespace.name !== null ? `netns:${namespace.name}` : unit);
		namespaceLabels.set(namespace.key, label);
		return label;
	};

	return {
		async readOthers(hostCostMs: number, fullWalkDue: boolean, signal: AbortSignal): Promise<OthersRead> {
			if (fullWalkDue) {
				labels.clear();
				options.containerNames?.forgetMisses();
			}
			namespaceLabels = new Map();
			const pollAt = now();
			const pollGap = lastPollAt === null ? null : pollAt - lastPollAt;
			lastPollAt = pollAt;
			if (census === null || tables === null || choice === 'host')
				return {hostWanted: true, tables: NO_TABLES, changed: false, warnings: []};
			let taken: ReturnType<typeof census.take>;
			try {
				taken = census.take();
			} catch {
				// Our own namespace cannot be told (a /proc without self): this namespace only.
				return {hostWanted: true, tables: NO_TABLES, changed: false, warnings: []};
			}
			const alive = new Set<number>();
			for (const namespace of taken.namespaces.values()) for (const pid of namespace.pids) alive.add(pid);
			labels.retain(alive);
			let others = [...taken.namespaces.values()].filter((namespace) => namespace.key !== taken.selfKey);
			let hostWanted = true;
			let idleWanted = taken.idleNamespaces;
			const warnings: string[] = [];
			if (choice !== 'all') {
				const id = /^\d+$/.test(choice) ? Number(choice) : null;
				const matches = (namespace: CensusNamespace) =>
					id !== null ? namespace.id === id || namespace.key === id : namespace.name === choice;
				const match = [...taken.namespaces.values()].find(matches);
				const idleMatch = match ? undefined : taken.idleNamespaces.find(matches);
				hostWanted = match?.key === taken.selfKey;
				others = match && !hostWanted ? [match] : [];
				idleWanted = idleMatch && idle ? [idleMatch] : [];
				// Nothing to show is not "no sockets": --once exits 1 with this, the dashboard says it.
				if (!match && !(idleMatch && idle))
					throw new SourceError(
						'ENOENT',
						idleMatch
							? `network namespace ${choice} has no process: its sockets are read only as root (through nsenter), not through /proc`
							: `no network namespace ${choice} (--netns takes all, host, an id or an ip netns name)`,
					);
			}
			const got = await tables.read(others, hostCostMs, signal);
			// Namespaces with no process: read by a spawn, off the poll (idle-netns.ts).
			const idleGot = idle === null ? null : await idle.read(idleWanted, signal);
			if (idleGot !== null) warnings.push(...idleGot.problems);
			// Older than the poll: some namespaces waited for their turn (netns-cadence.ts).
			if (pollGap !== null && got.maxGapMs > 1.5 * pollGap && got.readNow < others.length) {
				const seconds = Math.ceil(got.maxGapMs / 5000) * 5;
				warnings.push(cadenceNote(others.length, seconds));
			}
			return {
				hostWanted,
				tables:
					idleGot === null || idleGot.tables.length === 0 ? got.tables : [...got.tables, ...idleGot.tables],
				changed: got.changed || idleGot?.changed === true,
				warnings,
			};
		},

		/** `netns` and `container` of a record of `table` (null: the host namespace) with these owners. */
		where(
			table: NamespaceTable | null,
			owners: readonly SocketOwner[],
		): Pick<SocketRecord, 'netns' | 'container' | 'containerId'> {
			const namespace = table?.namespace ?? null;
			const owner = owners[0];
			let container: string | null = null;
			if (owner !== undefined) {
				const label = labels.labelOf(owner.pid);
				container = isContainerLabel(label) || namespace?.name == null ? label : `netns:${namespace.name}`;
			} else if (namespace !== null) container = namespaceLabel(namespace);
			const names = options.containerNames;
			if (names && isContainerLabel(container) && !container.startsWith('netns:')) {
				const named = names.named(container);
				if (named.id !== null)
					return {netns: namespace?.id ?? null, container: named.label, containerId: named.id};
			}
			return {netns: namespace?.id ?? null, container};
		},
	};
}
