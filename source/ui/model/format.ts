import {formatEndpoint, isLoopbackAddress, isWildcardAddress} from '../../model/address.js';
import type {PortClass} from '../../services/port-class.js';

export const PORT_CLASS_LABEL: Record<PortClass, string> = {
	'well-known': 'well-known',
	registered: 'registered',
	dynamic: 'dynamic',
};

export type Exposure = 'all' | 'loopback' | 'address';

export function exposure(localAddress: string): Exposure {
	if (isWildcardAddress(localAddress)) return 'all';
	if (isLoopbackAddress(localAddress)) return 'loopback';
	return 'address';
}

export const EXPOSURE_LABEL: Record<Exposure, string> = {
	all: 'all ifaces',
	loopback: 'loopback',
	address: 'one addr',
};

/**
 * Compact age at minute resolution, at most 5 cells: <1m, 12m, 3h05m, 2d04h, 12d. With
 * LOWERBOUND (the socket was already open when socktop started, its real age unknown):
 * ≥0m, ≥12m, ≥3h, ≥2d: "at least", never "<1m".
 */
export function formatAge(ms: number, lowerBound = false, atLeast = '≥'): string {
	const minutes = Math.floor(Math.max(0, ms) / 60_000);
	if (lowerBound) {
		if (minutes < 60) return `${atLeast}${minutes}m`;
		const hours = Math.floor(minutes / 60);
		return hours < 24 ? `${atLeast}${hours}h` : `${atLeast}${Math.floor(hours / 24)}d`;
	}
	if (minutes < 1) return '<1m';
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 24) return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
	const days = Math.floor(hours / 24);
	if (days >= 10) return `${days}d`;
	return `${days}d${String(hours % 24).padStart(2, '0')}h`;
}

export function formatClock(ms: number): string {
	const date = new Date(ms);
	return [date.getHours(), date.getMinutes(), date.getSeconds()]
		.map((n) => String(n).padStart(2, '0'))
		.join(':');
}

export {formatEndpoint};
