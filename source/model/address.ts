/** `host:port`, bracketing IPv6 hosts so the port stays unambiguous. */
export function formatEndpoint(address: string | null, port: number | null): string {
	if (address === null) return '*';
	const host = address.includes(':') ? `[${address}]` : address;
	return port === null ? host : `${host}:${port}`;
}

export function isWildcardAddress(address: string): boolean {
	return address === '0.0.0.0' || address === '::' || address === '*';
}

export function isLoopbackAddress(address: string): boolean {
	return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
