// The header's first line as the dashboard fits it to WIDTH (plain theme, 2 s interval, root).
import type {SourceName} from '../../source/sources/source.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {statusParts} from '../../source/ui/components/header-parts.js';
import {fitSegments} from '../../source/ui/model/text-fit.js';
import {plainTheme} from '../../source/ui/theme.js';

export const statusLine = (
	snapshot: Snapshot,
	width: number,
	hostname = 'vm',
	sourceName: SourceName = 'procfs',
) =>
	fitSegments(
		statusParts({
			hostname,
			sourceName,
			intervalMs: 2000,
			snapshot,
			paused: false,
			isRoot: true,
			theme: plainTheme,
		}),
		width,
		'  ',
		'…',
	)
		.filter(Boolean)
		.join('  ');
