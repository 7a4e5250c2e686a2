// The footer's line when a read failed because no watched host answered (--no-local): how
// many failed and each one's reason. The reasons are ssh's messages plus the command to run,
// far longer than 80 columns for one host: what does not fit is the first host's short reason
// and `…+N (? details)`, the help screen listing every host whole (hostHelpLines).
import {type HostStatus, hostStatusText} from '../../model/host-status.js';
import {printable} from '../../model/printable.js';
import {keyFor} from '../keymap.js';
import {shortenAtBoundary, textWidth} from '../model/text-fit.js';
import {troubleOf} from './header-hosts.js';

/** The footer's error line for HOSTS fitted to WIDTH, or null when none of them failed. */
export function hostFailureLine(
	hosts: readonly HostStatus[],
	width: number,
	now: number,
	ellipsis: string,
): string | null {
	const failing = hosts.filter((status) => status.state !== 'live' && status.state !== 'stale');
	if (failing.length === 0) return null;
	const head = failing.length === 1 ? 'source error: ' : `source error: ${failing.length} hosts failing: `;
	const every = `${head}${failing.map((status) => printable(hostStatusText(status, now))).join('; ')}`;
	if (textWidth(every) <= width) return every;
	const first = failing[0]!;
	const host = printable(first.host);
	const {word, cause} = troubleOf(first);
	const more = `${failing.length > 1 ? ` ${ellipsis}+${failing.length - 1}` : ''} (${keyFor('help')} details)`;
	for (const reason of [printable(hostStatusText(first, now)), cause ? `${host} ${word}: ${cause}` : ''])
		if (reason !== '' && textWidth(head + reason + more) <= width) return head + reason + more;
	// Too narrow even for the short reason: it is cut, the count and the way to the rest stay.
	const room = width - textWidth(head) - textWidth(more);
	return `${head}${shortenAtBoundary(`${host} ${word}`, Math.max(room, host.length), ellipsis)}${more}`;
}
