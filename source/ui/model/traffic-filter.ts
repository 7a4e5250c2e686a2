// The filter's view of the traffic store: `saturated:yes` asks it about each listener.
import type {FilterLookups} from '../../filter/filter.js';
import type {TrafficSnapshot} from '../../store/traffic-store.js';
import {queueOf} from './traffic-cells.js';

/** Stands for "no traffic store" in useSyncExternalStore (a stable object). */
export const NO_TRAFFIC = {} as TrafficSnapshot;
export const subscribeTraffic = () => () => {};

/** Whether a filter text asks about the listen queues. */
export const usesTraffic = (filter: string) => /saturated:/i.test(filter);

export function trafficLookups(traffic: TrafficSnapshot | null): FilterLookups {
	if (traffic === null || traffic === NO_TRAFFIC) return {};
	return {saturated: (record) => queueOf(record, traffic)?.saturated === true};
}
