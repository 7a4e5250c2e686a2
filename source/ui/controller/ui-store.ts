import type {UiState} from '../ui-state.js';

/**
 * The controller's state between renders: keys of one read are reduced one after
 * another against the latest state, before React renders again. React reads it
 * with useSyncExternalStore, like the socket store.
 */
export interface UiStore {
	get(): UiState;
	set(next: UiState): void;
	subscribe(listener: () => void): () => void;
}

export function createUiStore(initial: UiState): UiStore {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		get: () => state,
		set(next) {
			if (next === state) return;
			state = next;
			for (const listener of [...listeners]) listener();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
