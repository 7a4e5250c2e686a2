export type PortClass = 'well-known' | 'registered' | 'dynamic';

/** IANA's three port ranges. Throws RangeError for anything that is not a port (0–65535). */
export function portClass(port: number): PortClass {
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`not a port number: ${port}`);
	if (port <= 1023) return 'well-known';
	if (port <= 49151) return 'registered';
	return 'dynamic';
}
