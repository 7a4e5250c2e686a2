import {KNOWN_SERVICES} from './known-services.js';
import {parseEtcServices} from './parse-etc-services.js';

export type ServiceProto = 'tcp' | 'udp';
export type ServiceLookup = (port: number, proto: ServiceProto) => string | null;

export interface ServiceLookupOptions {
	/** Contents of /etc/services; its names win over the built-in table. */
	readonly etcServicesText?: string;
}

const key = (port: number, proto: string) => `${port}/${proto}`;

/** Builds the name table once; the returned function is a Map lookup. */
export function createServiceLookup(options: ServiceLookupOptions = {}): ServiceLookup {
	const names = new Map<string, string>();
	for (const [port, name, proto] of KNOWN_SERVICES) {
		if (proto === 'b' || proto === 'tcp') names.set(key(port, 'tcp'), name);
		if (proto === 'b' || proto === 'udp') names.set(key(port, 'udp'), name);
	}
	if (options.etcServicesText !== undefined) {
		// getservbyport(3) returns the first matching line, so the first one wins here too.
		const seen = new Set<string>();
		for (const entry of parseEtcServices(options.etcServicesText).entries) {
			const k = key(entry.port, entry.proto);
			if (seen.has(k)) continue;
			seen.add(k);
			names.set(k, entry.name);
		}
	}
	return (port, proto) => names.get(key(port, proto)) ?? null;
}
