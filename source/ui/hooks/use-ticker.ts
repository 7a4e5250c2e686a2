import {useEffect, useState} from 'react';
import type {Clock} from '../../model/clock.js';

/**
 * The current time, refreshed every `everyMs`. Ages are coarse (minutes once past
 * the first minute), so a slow tick keeps them honest without writing bytes to
 * the terminal every second when nothing else changed.
 */
export function useTicker(clock: Clock, everyMs: number): number {
	const [now, setNow] = useState(() => clock.now());
	useEffect(() => {
		let handle: unknown = null;
		const tick = () => {
			setNow(clock.now());
			handle = clock.setTimeout(tick, everyMs);
		};
		handle = clock.setTimeout(tick, everyMs);
		return () => clock.clearTimeout(handle);
	}, [clock, everyMs]);
	return now;
}
