import {Box, Text} from 'ink';
import type {HostStatus} from '../../model/host-status.js';
import {FILTER_SYNTAX, filterValueHint, footerHints, keyFor, type Mode} from '../keymap.js';
import {fitHints} from '../model/fit-hints.js';
import {shortenAtBoundary, textWidth} from '../model/text-fit.js';
import {glyphText, type Theme} from '../theme.js';
import type {FooterMessage} from '../ui-state.js';
import {hostFailureLine} from './host-failures.js';
import {StyledText} from './styled-text.js';

interface FooterProps {
	readonly mode: Mode;
	readonly readOnly: boolean;
	/** Whether a row is selected: Enter / K hints only then. */
	readonly rowSelected: boolean;
	readonly width: number;
	/** The filter of the view on screen: the table's, or the history's own (`scope`). */
	readonly filter: string;
	readonly scope?: 'table' | 'history';
	readonly draft: string;
	readonly filterError: string | null;
	readonly message: FooterMessage | null;
	readonly sourceError: string | null;
	/** Whether older data is still shown under that error (false: there is none yet). */
	readonly sourceStale?: boolean;
	/** The watched hosts' states (`--host`), to name each failing one when none answered. */
	readonly hosts?: readonly HostStatus[] | undefined;
	readonly theme: Theme;
}

function Status(props: FooterProps) {
	const {mode, draft, filter, filterError, message, sourceError, sourceStale = false, width, theme} = props;
	const history = props.scope === 'history';
	if (mode === 'filter') {
		// The fields the filter knows, from the filter module, while there is room after the draft;
		// the values a field takes (exposed:yes|no, port lists) once its name is typed.
		// The history's own filter says so, so nobody expects it to filter the tables too.
		const label = history ? 'history ' : '';
		const room = width - 2 - label.length - textWidth(draft);
		const syntax = `  ${filterValueHint(draft) ?? fitSyntax(room - 2, theme.glyphs.ellipsis)}`;
		return (
			<Text wrap="truncate">
				{label ? <StyledText style={theme.muted}>{label}</StyledText> : null}
				<StyledText style={theme.key}>{keyFor('filter')}</StyledText>
				{draft}
				<StyledText style={theme.selected}> </StyledText>
				{filterError ? (
					// Cut after a whole word when even the short messages do not fit the draft's line.
					<StyledText
						style={theme.error}
					>{`  ${shortenAtBoundary(filterError, room - 2, theme.glyphs.ellipsis)}`}</StyledText>
				) : room >= syntax.length ? (
					<StyledText style={theme.muted}>{syntax}</StyledText>
				) : null}
			</Text>
		);
	}
	if (message) {
		const style = message.kind === 'error' ? theme.error : message.kind === 'ok' ? theme.ok : theme.row;
		return <StyledText style={style}>{message.text}</StyledText>;
	}
	// No watched host answered: every host's reason, fitted (the plain message is all of them).
	const hostsLine =
		sourceError && props.hosts
			? hostFailureLine(props.hosts, width, Date.now(), theme.glyphs.ellipsis)
			: null;
	if (hostsLine) return <StyledText style={theme.error}>{hostsLine}</StyledText>;
	if (sourceError)
		return (
			<StyledText style={theme.error}>
				{`source error: ${sourceError}${sourceStale ? ' (showing last good data)' : ' (retrying)'}`}
			</StyledText>
		);
	if (history)
		// Esc closes the history: its filter is edited (emptied) with /.
		return (
			<StyledText style={theme.muted}>
				{filter
					? `history filter: ${filter}  (${keyFor('filter', 'history')} edits; the table keeps its own)`
					: `no history filter  (${keyFor('filter', 'history')} filters the history only)`}
			</StyledText>
		);
	return (
		<StyledText style={theme.muted}>
			{filter
				? `filter: ${filter}  (${keyFor('clear')} clears)`
				: `no filter  (${keyFor('filter')} to filter)`}
		</StyledText>
	);
}

export function Footer(props: FooterProps) {
	const {mode, readOnly, rowSelected, width, theme} = props;
	const hints = fitHints(footerHints(mode, {readOnly, rowSelected}), width);
	return (
		<Box flexDirection="column">
			<Status {...props} />
			<Text wrap="truncate">
				{hints.map(({key, label}, index) => (
					<Text key={`${key}-${label}`}>
						{index > 0 ? '  ' : ''}
						<StyledText style={theme.key}>{glyphText(key, theme.glyphs)}</StyledText> {label}
					</Text>
				))}
			</Text>
		</Box>
	);
}

/**
 * The filter's fields, as many as fit in ROOM, in the filter module's order (the common ones
 * first), then `…` for the rest: with more fields than a line holds, the first few still help.
 */
function fitSyntax(room: number, ellipsis: string): string {
	if (FILTER_SYNTAX.length <= room) return FILTER_SYNTAX;
	const words = FILTER_SYNTAX.split(' ');
	let fitted = '';
	for (const word of words) {
		const next = fitted ? `${fitted} ${word}` : word;
		if (next.length + 1 + ellipsis.length > room) break;
		fitted = next;
	}
	// Fewer than three fields say little and crowd the draft.
	return fitted.split(' ').length >= 3 ? `${fitted} ${ellipsis}` : '';
}
