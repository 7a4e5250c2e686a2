import {useEffect, useRef} from 'react';
import type {Clock} from '../../model/clock.js';
import type {ProcessKiller, SignalResult} from '../../os/process-killer.js';
import type {RemoteKiller} from '../../sources/remote/remote-killer.js';
import {ownerNames} from '../controller/kill-target.js';
import type {Signal} from '../controller/types.js';
import type {FooterMessage, KillTarget} from '../ui-state.js';

interface KillFlowOptions {
	readonly killer: ProcessKiller;
	/** Targets of another host (`--host`): the signal goes there over ssh. Absent: refused. */
	readonly remoteKiller?: RemoteKiller | undefined;
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
	const where = target.host === undefined ? '' : ` on ${target.host}`;
	const failed = target.owners.filter((_, i) => results[i] !== 'sent' && results[i] !== 'gone');
	if (results.every((result) => result === 'gone'))
		return {kind: 'ok', text: `${ownerNames(target)}${where} had already exited`};
	if (failed.length === 0) return null;
	const who = failed.map((owner) => `${owner.pid} (${owner.process})`).join(', ') + where;
	return results.includes('no-permission')
		? {kind: 'error', text: `no permission to signal ${who}: run as its owner or root`}
		: {kind: 'error', text: `could not signal ${who}`};
}

/** Pause between two remote `kill -0` checks (each is an ssh run, 140–200 ms multiplexed). */
const REMOTE_CHECK_MS = 300;

/**
 * SIGTERM → wait → offer SIGKILL → report, for every owner of the socket. Only ever
 * signals the pids of the target the user confirmed; permission errors and vanished
 * processes become messages.
 */
export function useKillFlow(options: KillFlowOptions) {
	const timer = useRef<unknown>(null);
	// Remote answers arrive after an await: none may act once the dashboard is gone.
	const unmounted = useRef(false);
	const {killer, remoteKiller, clock} = options;
	useEffect(() => onUnmount(unmounted, timer, clock), [clock]);

	const finish = (target: KillTarget, signal: Signal, alive: readonly number[]) => {
		const where = target.host === undefined ? '' : ` on ${target.host}`;
		if (alive.length === 0) {
			options.onDone({kind: 'ok', text: `${ownerNames(target)}${where} exited after ${signal}`});
			options.onExited();
		} else if (signal === 'SIGTERM') options.onOffer();
		else options.onDone({kind: 'error', text: `${alive.join(', ')}${where} still running after SIGKILL`});
	};

	// The same steps as below for a target on another host: each signal and check is an ssh run.
	const remoteFlow = async (remote: RemoteKiller, host: string, target: KillTarget, signal: Signal) => {
		const results = await Promise.all(target.owners.map((owner) => remote.signal(host, owner.pid, signal)));
		if (unmounted.current) return;
		const message = failure(target, results);
		if (message) return options.onDone(message);
		// SIGKILL gets 3 s, not 1 s: a check over ssh takes a few hundred ms.
		const deadline = clock.now() + (signal === 'SIGTERM' ? options.termWaitMs : 3000);
		const check = async () => {
			const living = await Promise.all(target.owners.map((owner) => remote.isAlive(host, owner.pid)));
			if (unmounted.current) return;
			const alive = target.owners.filter((_, i) => living[i]).map((owner) => owner.pid);
			if (alive.length > 0 && clock.now() < deadline)
				timer.current = clock.setTimeout(() => void check(), REMOTE_CHECK_MS);
			else finish(target, signal, alive);
		};
		timer.current = clock.setTimeout(() => void check(), REMOTE_CHECK_MS);
	};

	const waitForExit = (target: KillTarget, signal: Signal, deadline: number) => {
		const check = () => {
			const alive = target.owners.filter((owner) => killer.isAlive(owner.pid)).map((owner) => owner.pid);
			if (alive.length > 0 && clock.now() < deadline) timer.current = clock.setTimeout(check, 100);
			else finish(target, signal, alive);
		};
		timer.current = clock.setTimeout(check, 100);
	};

	return (target: KillTarget, signal: Signal) => {
		if (target.host !== undefined) {
			// Never the local killer: the pid is the other machine's.
			if (!remoteKiller)
				return options.onDone({kind: 'error', text: `cannot signal processes on ${target.host} (no ssh)`});
			void remoteFlow(remoteKiller, target.host, target, signal).catch(() =>
				options.onDone({kind: 'error', text: `could not signal ${ownerNames(target)} on ${target.host}`}),
			);
			return;
		}
		const results = target.owners.map((owner) => killer.signal(owner.pid, signal));
		const message = failure(target, results);
		if (message) return options.onDone(message);
		waitForExit(target, signal, clock.now() + (signal === 'SIGTERM' ? options.termWaitMs : 1000));
	};
}

/**
 * The clean-up, made outside useKillFlow's render: React keeps the first render's clean-up
 * for the dashboard's life (its deps do not change), and a closure made in that render would
 * keep the render's whole scope, `options` included, whose callbacks hold the first snapshot
 * the dashboard drew (see keptClosures in use-dashboard-data.ts).
 */
function onUnmount(
	unmounted: {current: boolean},
	timer: {readonly current: unknown},
	clock: KillFlowOptions['clock'],
) {
	return () => {
		unmounted.current = true;
		clock.clearTimeout(timer.current);
	};
}
