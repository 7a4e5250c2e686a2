// The header's traffic parts: the machine's rates (line 1) and how the per-connection rates are
// read, listen drops (line 2).
import type {TrafficSnapshot} from '../../store/traffic-store.js';
import {formatClock} from '../model/format.js';
import {formatRate} from '../model/traffic-cells.js';
import type {Theme} from '../theme.js';
import type {HeaderPart} from './header-parts.js';

const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;

/**
 * `net in 1.2M/s out 30K/s (3 netns)`: every namespace's interfaces but loopback, each link once
 * (link-count.ts); `lo 200K/s`: every namespace's loopback, apart.
 */
export function machineRateParts(traffic: TrafficSnapshot | undefined, theme: Theme): HeaderPart[] {
	if (!traffic?.machine) return [];
	const rx = formatRate(traffic.machine.rateIn);
	const tx = formatRate(traffic.machine.rateOut);
	const netns = traffic.netnsCounted ?? 1;
	const parts: HeaderPart[] = [
		{
			forms: [
				...(netns > 1 ? [`net in ${rx}/s out ${tx}/s (${netns} netns)`] : []),
				`net in ${rx}/s out ${tx}/s`,
				`net ${rx}/${tx}`,
				'',
			],
			rank: 2,
			style: theme.muted,
		},
	];
	if (traffic.loopback != null)
		parts.push({forms: [`lo ${formatRate(traffic.loopback)}/s`, ''], rank: 1, style: theme.muted});
	return parts;
}

/** Which connections' rates are read, or why there are none; listen overflows when they rise. */
export function rateModeParts(traffic: TrafficSnapshot | undefined, theme: Theme): HeaderPart[] {
	// Not read yet (the socket table is still loading): nothing to say.
	if (traffic === undefined || traffic.status === 'starting') return [];
	const parts: HeaderPart[] = [];
	if (traffic.status === 'off') {
		// Switched off, not missing: what and why at every width (the columns then say n/a). The
		// variable alone says both (17 cells), and goes first so the counts keep their long forms.
		const reason = traffic.offReason ?? 'switched off';
		parts.push({forms: [`rates off (${reason})`, reason], rank: 1, style: theme.muted});
	} else if (traffic.status === 'unsupported')
		parts.push({
			forms: ['rates not available here (Linux only)', 'rates: Linux only', ''],
			rank: 1,
			style: theme.muted,
		});
	else if (traffic.status === 'error')
		parts.push({
			forms: [`rates: ${traffic.error ?? 'failed'}`, 'rates failing', ''],
			rank: 1,
			style: theme.warning,
		});
	else if (traffic.idleSince != null) {
		// No TCP segment moved since then: every rate is 0 and ss was not run (traffic-store.ts).
		const since = formatClock(traffic.idleSince);
		parts.push({
			forms: [`rates: 0, no TCP segments since ${since}`, `rates: idle since ${since}`, 'rates: idle', ''],
			rank: 1,
			style: theme.muted,
		});
	} else if (traffic.mode === 'visible')
		parts.push({
			forms: [`rates: rows on screen, all every ${seconds(traffic.fullEveryMs)}`, 'rates: on screen', ''],
			rank: 1,
			style: theme.muted,
		});
	else parts.push({forms: ['rates: every socket', ''], rank: 0, style: theme.muted});
	const overflows = traffic.listenOverflows;
	if (overflows && overflows.added > 0)
		parts.push({
			forms: [`listen overflows +${overflows.added}`, `overflows +${overflows.added}`],
			rank: 4,
			style: theme.warning,
		});
	return parts;
}
