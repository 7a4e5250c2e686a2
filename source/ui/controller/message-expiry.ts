import type {FooterMessage} from '../ui-state.js';

// A footer message answers a key ("no row selected", "scan cancelled"); left up for good it
// reads as the state of things minutes later. Errors stay longer: they are read, not glanced at.
const SHOWN_MS: Readonly<Record<FooterMessage['kind'], number>> = {info: 5000, ok: 5000, error: 10_000};

/** How long MESSAGE stays in the footer before the controller drops it. */
export function messageLifetimeMs(message: FooterMessage): number {
	return SHOWN_MS[message.kind];
}
