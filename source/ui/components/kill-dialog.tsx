import {Box} from 'ink';
import {ownerNames} from '../controller/kill-target.js';
import {keyFor, keysFor} from '../keymap.js';
import type {Theme} from '../theme.js';
import type {KillStage, KillTarget} from '../ui-state.js';
import {StyledText} from './styled-text.js';

/** The question for a stage, with the keys that answer it taken from the keymap. */
export function killQuestion(target: KillTarget, stage: KillStage): string {
	const answer = `${keyFor('confirm-yes', 'kill')} / ${keysFor('confirm-no', 'kill')}`;
	const several = target.owners.length > 1;
	// A remote target says where, in every stage: the same pid here would be another process.
	const where = target.host === undefined ? '' : ` on ${target.host}`;
	const who = (several ? `all ${target.owners.length} processes` : ownerNames(target)) + where;
	if (stage === 'confirm') return `Send SIGTERM to ${who}?  ${answer}`;
	if (stage === 'waiting')
		return `signal sent to ${several ? who : `${target.owners[0]?.pid}${where}`}; waiting for ${several ? 'them' : 'it'} to exit…`;
	return `${several ? 'some are' : `${who} is`} still running. Send SIGKILL to ${who}?  ${answer}`;
}

export function KillDialog({
	target,
	stage,
	height,
	theme,
}: {
	target: KillTarget;
	stage: KillStage;
	height: number;
	theme: Theme;
}) {
	const ports =
		target.ports.length > 0
			? target.ports.slice(0, 12).join(', ') + (target.ports.length > 12 ? ', …' : '')
			: 'none';
	// Border, title, ports, connections and the question take 6 lines; owners get the rest,
	// and those that do not fit are named by pid on one line.
	const room = Math.max(1, height - 6);
	const fits = target.owners.length <= room;
	const listed = fits ? target.owners : target.owners.slice(0, room - 1);
	const rest = target.owners.slice(listed.length);
	const owners = listed.map((owner) => `pid ${owner.pid}  ${owner.process}`);
	if (rest.length > 0) owners.push(`…${rest.length} more: pids ${rest.map((owner) => owner.pid).join(', ')}`);
	return (
		<Box flexDirection="column" height={height} borderStyle="round" paddingX={1}>
			<StyledText style={theme.error}>
				{(target.owners.length > 1
					? `Terminate ${target.owners.length} processes (they share this socket)`
					: 'Terminate process') + (target.host === undefined ? '' : ` on ${target.host}`)}
			</StyledText>
			{owners.map((line) => (
				<StyledText key={line} style={theme.row}>
					{line}
				</StyledText>
			))}
			<StyledText style={theme.row}>{`listening on: ${ports}`}</StyledText>
			<StyledText style={theme.row}>{`connections: ${target.connections}`}</StyledText>
			<StyledText style={theme.key}>{killQuestion(target, stage)}</StyledText>
		</Box>
	);
}
