import {useEffect, useRef} from 'react';
import {formatEndpoint} from '../../model/address.js';
import type {ProcessKiller} from '../../os/process-killer.js';
import type {Clock} from '../../store/clock.js';
import type {Snapshot} from '../../store/snapshot.js';
import type {FooterMessage} from '../components/footer.js';
import type {KillStage, KillTarget} from '../components/kill-dialog.js';
import {isListening} from '../model/view-row.js';

/** What the kill dialog shows: captured when it opens, so a later refresh cannot change the pid. */
export function killTargetFor(pid: number, name: string, snapshot: Snapshot): KillTarget {
	const owned = snapshot.rows.filter(
		(row) => row.status !== 'closed' && row.record.owners.some((owner) => owner.pid === pid),
	);
	return {
		pid,
		process: name,
		ports: owned
			.filter((row) => isListening(row.record))
			.map((row) => `${row.record.proto} ${formatEndpoint(row.record.localAddress, row.record.localPort)}`),
		connections: owned.filter((row) => !isListening(row.record)).length,
	};
}

interface KillFlowOptions {
	readonly killer: ProcessKiller;
	readonly clock: Clock;
	/** How long SIGTERM gets before SIGKILL is offered. */
	readonly termWaitMs: number;
	/** Shows the dialog at a stage, or closes it (null) with a message. */
	readonly onStage: (target: KillTarget, stage: KillStage) => void;
	readonly onDone: (message: FooterMessage) => void;
	readonly onExited: () => void;
}

/**
 * SIGTERM → wait → offer SIGKILL → report. Only ever signals the pid of the target
 * the user confirmed; permission errors and vanished processes become messages.
 */
export function useKillFlow(options: KillFlowOptions) {
	const timer = useRef<unknown>(null);
	const {killer, clock} = options;
	useEffect(() => () => clock.clearTimeout(timer.current), [clock]);

	const waitForExit = (target: KillTarget, signal: 'SIGTERM' | 'SIGKILL', deadline: number) => {
		const check = () => {
			if (!killer.isAlive(target.pid)) {
				options.onDone({kind: 'ok', text: `${target.pid} (${target.process}) exited after ${signal}`});
				options.onExited();
				return;
			}
			if (clock.now() < deadline) {
				timer.current = clock.setTimeout(check, 100);
				return;
			}
			if (signal === 'SIGTERM') options.onStage(target, 'offer-kill');
			else options.onDone({kind: 'error', text: `${target.pid} is still running after SIGKILL`});
		};
		timer.current = clock.setTimeout(check, 100);
	};

	return (target: KillTarget, signal: 'SIGTERM' | 'SIGKILL') => {
		const result = killer.signal(target.pid, signal);
		const who = `${target.pid} (${target.process})`;
		if (result === 'gone') return options.onDone({kind: 'ok', text: `${who} had already exited`});
		if (result === 'no-permission')
			return options.onDone({
				kind: 'error',
				text: `no permission to signal ${who}: run as its owner or root`,
			});
		if (result === 'error') return options.onDone({kind: 'error', text: `could not signal ${who}`});
		options.onStage(target, 'waiting');
		waitForExit(target, signal, clock.now() + (signal === 'SIGTERM' ? options.termWaitMs : 1000));
	};
}
