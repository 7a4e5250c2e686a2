import {isIPv4} from './ip-literal.js';

// IPv4 address arithmetic shared by CIDR expansion (scan/) and prefix checks (sources/).
// Validation is node:net's own (ip-literal.ts) so that what we accept is exactly what a socket will accept.

/** The 32-bit unsigned value of a dotted IPv4 address, or null when it is not one. */
export function ipv4ToNumber(address: string): number | null {
	if (!isIPv4(address)) return null;
	return address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function numberToIpv4(value: number): string {
	return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
