import {useEffect, useSyncExternalStore} from 'react';
import type {Clock} from '../../model/clock.js';
import {messageLifetimeMs} from '../controller/message-expiry.js';
import {reduceEvent} from '../controller/reduce-key.js';
import type {UiStore} from '../controller/ui-store.js';

/** Drops the footer message once it has been shown for its lifetime; a newer message restarts the wait. */
export function useMessageExpiry(ui: UiStore, clock: Clock): void {
	const message = useSyncExternalStore(ui.subscribe, () => ui.get().message);
	useEffect(() => {
		if (!message) return;
		const handle = clock.setTimeout(
			() => ui.set(reduceEvent(ui.get(), {kind: 'message-expired', message})),
			messageLifetimeMs(message),
		);
		return () => clock.clearTimeout(handle);
	}, [message, clock, ui]);
}
