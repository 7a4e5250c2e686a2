// The header's parts (pure: no Ink), shared by the Ink header and the plain first frame
// (plain-frame.ts), so both say the same thing.
import {cadenceAge} from '../../model/netns-note.js';
import {printable} from '../../model/printable.js';
import type {Snapshot} from '../../store/snapshot.js';
import type {TrafficSnapshot} from '../../store/traffic-store.js';
import {formatClock} from '../model/format.js';
import type {PaneCounts} from '../model/pane-data.js';
import {
	dataAgeText,
	hasNoData,
	OWNERS_PENDING_TEXT,
	unattributedHint,
	unattributedShortHint,
} from '../model/status-text.js';
import {fitSegments, type Segment, shortenAtBoundary} from '../model/text-fit.js';
import {glyphText, type Style, type Theme} from '../theme.js';
import {hostParts} from './header-hosts.js';

export interface HeaderProps {
	readonly hostname: string;
	readonly sourceName: string;
	readonly intervalMs: number;
	readonly snapshot: Snapshot;
	readonly counts: PaneCounts;
	readonly paused: boolean;
	/** Decides the hint for sockets without an owner: sudo helps only when not root. */
	readonly isRoot: boolean;
	readonly theme: Theme;
	/** Columns available; parts are shortened or dropped at field boundaries to fit. */
	readonly width: number;
	/** Rates and listen queues (traffic-header.ts); absent: nothing about traffic is shown. */
	readonly traffic?: TrafficSnapshot;
	/** Why `--log` stopped (`EACCES`): the footer says it once, the header for as long as it lasts. */
	readonly logOff?: string | null;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`);

/** A header part: its forms (longest first, see fitSegments) and its style. */
export interface HeaderPart extends Segment {
	readonly style: Style | null;
}

/** Line 1: name, host, source, when the data last changed, and what is wrong. */
export function statusParts(props: Omit<HeaderProps, 'counts' | 'width'>): HeaderPart[] {
	const {snapshot, theme} = props;
	const {ellipsis} = theme.glyphs;
	const host = printable(props.hostname);
	const parts: HeaderPart[] = [
		{forms: ['socktop'], rank: 9, style: theme.title},
		// A long host name is cut at a dot: `ip-10-0-0-5…`.
		{forms: [host, shortenAtBoundary(host, 24, ellipsis)], rank: 3, style: null},
		{
			forms: [`${props.sourceName} every ${seconds(props.intervalMs)}`, props.sourceName, ''],
			rank: 2,
			style: null,
		},
		hasNoData(snapshot)
			? {
					// How long the first read has run, or that it failed and is retried.
					forms: [glyphText(dataAgeText(snapshot, formatClock, null), theme.glyphs)],
					rank: 4,
					style: theme.muted,
				}
			: snapshot.updatedAt === null
				? {forms: [''], rank: 0, style: null}
				: {
						forms: [`updated ${formatClock(snapshot.updatedAt)}`, formatClock(snapshot.updatedAt)],
						rank: 1,
						style: theme.muted,
					},
	];
	parts.push(...hostParts(snapshot, theme, Date.now()));
	if (props.paused) parts.push({forms: ['PAUSED'], rank: 8, style: theme.paused});
	// After the footer's 10 s message, this is what says the events are not being logged.
	if (props.logOff)
		parts.push({forms: [`log: off (${props.logOff})`, 'log: off'], rank: 6, style: theme.error});
	if (snapshot.error !== null)
		parts.push(
			snapshot.stale
				? {forms: ['! STALE: source failing', '! STALE'], rank: 7, style: theme.error}
				: {forms: ['! NO DATA'], rank: 8, style: theme.error},
		);
	return parts;
}

type CountState = Pick<
	Snapshot,
	'lastGoodAt' | 'error' | 'waitingMs' | 'unattributedCause' | 'ownersPending'
> & {
	readonly warnings?: readonly string[];
};

/**
 * Line 2: socket counts; the unattributed hint (its cause, from SNAPSHOT) shortens before
 * any count does. Before the first data, no counts: zeros would read as "no sockets".
 */
export function countParts(
	counts: PaneCounts,
	isRoot: boolean,
	theme: Theme,
	snapshot: CountState | null = null,
): HeaderPart[] {
	if (snapshot && hasNoData(snapshot))
		return [
			{
				forms: [snapshot.error === null ? glyphText('loading…', theme.glyphs) : 'no data'],
				rank: 9,
				style: theme.muted,
			},
		];
	const cause = snapshot?.unattributedCause ?? null;
	const n = counts.unattributed;
	// Owners being read (tables first): no count of sockets without one yet, and the note
	// outlasts the counts' short forms, so a narrow terminal says why PID/PROCESS show `…`.
	const unattributed: HeaderPart = snapshot?.ownersPending
		? {
				forms: [glyphText(OWNERS_PENDING_TEXT, theme.glyphs), glyphText('owners…', theme.glyphs)],
				rank: 4,
				style: theme.muted,
			}
		: n > 0
			? {
					forms: [
						`unattributed ${n} ${unattributedHint(cause, isRoot)}`,
						`unattributed ${n} ${unattributedShortHint(cause, isRoot)}`,
						`unattributed ${n}`,
						`unattr ${n}`,
					],
					rank: 1,
					style: theme.warning,
				}
			: {forms: ['unattributed 0', ''], rank: 0, style: theme.muted};
	const {matching} = counts;
	// With a filter: `listening 3 of 7`, what the pane shows of what there is.
	const count = (kind: 'listening' | 'established' | 'other', long: string, short: string): HeaderPart => {
		const total = counts[kind];
		const forms = matching
			? [`${long} ${matching[kind]} of ${total}`, `${short} ${matching[kind]}/${total}`]
			: [`${long} ${total}`, `${short} ${total}`];
		return {forms, rank: kind === 'other' ? 2 : 3, style: null};
	};
	// Several network namespaces: how many, and how old the oldest one's sockets can be.
	const age = cadenceAge(snapshot?.warnings ?? []);
	const spaces = counts.namespaces ?? 1;
	const namespaces: HeaderPart[] =
		spaces > 1
			? [
					{
						forms: [
							age === null ? `netns ${spaces}` : `netns ${spaces} (≤${age}s old)`,
							`netns ${spaces}`,
							'',
						],
						rank: 1,
						style: null,
					},
				]
			: [];
	return [
		count('listening', 'listening', 'listen'),
		count('established', 'established', 'estab'),
		count('other', 'other', 'other'),
		unattributed,
		...namespaces,
	];
}

/** A header line's text: the parts that fit WIDTH, two spaces apart (what HeaderLine draws, unstyled). */
export function headerLineText(parts: readonly HeaderPart[], width: number, ellipsis: string): string {
	return fitSegments(parts, width, '  ', ellipsis)
		.filter((text) => text !== '')
		.join('  ');
}
