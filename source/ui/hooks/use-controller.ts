import {useApp} from 'ink';
import {useEffect, useRef, useState, useSyncExternalStore} from 'react';
import {syncToView} from '../controller/navigation.js';
import {reduceEvent, reduceKeys} from '../controller/reduce-key.js';
import type {ControllerView, Effect, UiEvent} from '../controller/types.js';
import {createUiStore, type UiStore} from '../controller/ui-store.js';
import type {DashboardConfig, DashboardDeps} from '../deps.js';
import {initialUiState} from '../ui-state.js';
import {useKeyReads} from './use-key-reads.js';
import {useKillFlow} from './use-kill-flow.js';
import {useMessageExpiry} from './use-message-expiry.js';

/** The controller's state, kept outside React so the keys of one read see each other's effect. */
export function useUiState(config: DashboardConfig) {
	const [ui] = useState(() => createUiStore(initialUiState(config.initialFilter)));
	return {ui, state: useSyncExternalStore(ui.subscribe, ui.get)};
}

interface ShellOptions {
	readonly ui: UiStore;
	/** What the last render drew. */
	readonly view: ControllerView;
	readonly config: DashboardConfig;
	readonly deps: DashboardDeps;
	/** Pauses on (the snapshot shown now) or off. */
	readonly freeze: (on: boolean) => void;
}

/**
 * The shell around the pure controller: feeds it keys with the facts of the last
 * render, clamps offsets when those facts change, and runs the effects it asks for.
 */
export function useControllerShell({ui, view, config, deps, freeze}: ShellOptions): void {
	const {exit} = useApp();
	const lastView = useRef<ControllerView | null>(null);
	const freezeRef = useRef(freeze);
	const dispatch = (event: UiEvent) => ui.set(reduceEvent(ui.get(), event));
	useEffect(() => {
		freezeRef.current = freeze;
		lastView.current = view;
		ui.set(syncToView(ui.get(), view));
	}, [ui, view, freeze]);

	useMessageExpiry(ui, deps.clock);

	const lastRead = useKeyReads((presses) => {
		if (!lastView.current) return;
		const step = reduceKeys(ui.get(), presses, lastView.current);
		ui.set(step.state);
		for (const effect of step.effects) run(effect);
	});
	const signal = useKillFlow({
		killer: deps.killer,
		remoteKiller: deps.remoteKiller,
		clock: deps.clock,
		termWaitMs: config.killWaitMs ?? 3000,
		onOffer: () => dispatch({kind: 'kill-offer', afterRead: lastRead()}),
		onDone: (message) => dispatch({kind: 'kill-done', message}),
		onExited: () => void deps.store.refresh(),
	});

	function run(effect: Effect): void {
		switch (effect.kind) {
			case 'exit':
				exit();
				break;
			case 'suspend':
				if (!deps.suspend()) dispatch({kind: 'suspend-refused'});
				break;
			case 'freeze':
				freezeRef.current(effect.on);
				break;
			case 'refresh':
				void deps.store.refresh().then(() => {
					if (effect.refreeze && ui.get().paused) freezeRef.current(true);
				});
				break;
			case 'cancel-scan':
				deps.scanner.cancel();
				break;
			case 'start-scan':
				void deps.scanner
					.start(effect.target, effect.ports)
					.then((error) =>
						dispatch(
							error
								? {kind: 'scan-refused', error}
								: {kind: 'scan-started', target: effect.target, ports: effect.ports},
						),
					);
				break;
			case 'signal':
				signal(effect.target, effect.signal);
				break;
		}
	}
}
