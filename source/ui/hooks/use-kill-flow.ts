import {useEffect, useRef} from 'react';
import type {Clock} from '../../model/clock.js';
import type {ProcessKiller, SignalResult} from '../../os/process-killer.js';
import {ownerNames} from '../controller/kill-target.js';
import type {Signal} from '../controller/types.js';
import type {FooterMessage, KillTarget} from '../ui-state.js';

interface KillFlowOptions {
	readonly killer: ProcessKiller;
	readonly clock: Clock;
	/** How long SIGTERM gets before SIGKILL is offered. */
	readonly termWaitMs: number;
	/** SIGTERM did not work in time: ask about SIGKILL. */
	readonly onOffer: () => void;
	readonly onDone: (message: FooterMessage) => void;
	readonly onExited: () => void;
}

/** One line for what signalling each owner gave, or null when every signal was sent. */
function failure(target: KillTarget, results: readonly SignalResult[]): FooterMessage | null {
	const failed = target.owners.filter((_, i) => results[i] !== 'sent' && results[i] !== 'gone');
	if (results.every((result) => result === 'gone'))
		return {kind: 'ok', text: `${ownerNames(target)} had already exited`};
	if (failed.length === 0) return null;
	const who = failed.map((owner) => `${owner.pid} (${owner.process})`).join(', ');
	return results.includes('no-permission')
		? {kind: 'error', text: `no permission to signal ${who}: run as its owner or root`}
		: {kind: 'error', text: `could not signal ${who}`};
}

/**
 * SIGTERM → wait → offer SIGKILL → report, for every owner of the socket. Only ever
 * signals the pids of the target the user confirmed; permission errors and vanished
 * processes become messages.
 */
export function useKillFlow(options: KillFlowOptions) {
	const timer = useRef<unknown>(null);
	const {killer, clock} = options;
	useEffect(() => () => clock.clearTimeout(timer.current), [clock]);

	const waitForExit = (target: KillTarget, signal: Signal, deadline: number) => {
		const check = () => {
			const alive = target.owners.filter((owner) => killer.isAlive(owner.pid));
			if (alive.length === 0) {
				options.onDone({kind: 'ok', text: `${ownerNames(target)} exited after ${signal}`});
				options.onExited();
				return;
			}
			if (clock.now() < deadline) {
				timer.current = clock.setTimeout(check, 100);
				return;
			}
			if (signal === 'SIGTERM') options.onOffer();
			else
				options.onDone({
					kind: 'error',
					text: `${alive.map((owner) => owner.pid).join(', ')} still running after SIGKILL`,
				});
		};
		timer.current = clock.setTimeout(check, 100);
	};

	return (target: KillTarget, signal: Signal) => {
		const results = target.owners.map((owner) => killer.signal(owner.pid, signal));
		const message = failure(target, results);
		if (message) return options.onDone(message);
		waitForExit(target, signal, clock.now() + (signal === 'SIGTERM' ? options.termWaitMs : 1000));
	};
}
