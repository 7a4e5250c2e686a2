// Address and port text as the various netstats print it, checked and normalised.
import {isIP} from 'node:net';
import type {Family} from '../../model/socket-record.js';

/** A host/port pair as printed, not yet checked. `*` is kept as is. */
export interface RawEndpoint {
	readonly host: string;
	readonly port: string;
}

/** Linux and Windows: `1.2.3.4:80`, `:::22`, `[::]:135`, `[fe80::1%4]:139`, `*:*`. */
export function splitColonEndpoint(token: string): RawEndpoint | null {
	if (token.startsWith('[')) {
		const close = token.lastIndexOf(']:');
		if (close < 0) return null;
		return {host: token.slice(1, close), port: token.slice(close + 2)};
	}
	const colon = token.lastIndexOf(':');
	if (colon <= 0) return null;
	return {host: token.slice(0, colon), port: token.slice(colon + 1)};
}

/** macOS and BSD: `1.2.3.4.80`, `fe80::1%lo0.5353`, `*.*` (the port follows the last dot). */
export function splitDotEndpoint(token: string): RawEndpoint | null {
	const dot = token.lastIndexOf('.');
	if (dot <= 0) return null;
	return {host: token.slice(0, dot), port: token.slice(dot + 1)};
}

/** `*` → null (any port); a number in range → that number; anything else → undefined (bad). */
export function parsePort(text: string): number | null | undefined {
	if (text === '*') return null;
	if (!/^\d{1,5}$/.test(text)) return undefined;
	const port = Number(text);
	return port <= 65535 ? port : undefined;
}

export interface Host {
	readonly address: string;
	readonly family: Family;
}

/**
 * Checks a host and gives its family. `*` becomes the wildcard of `wildcardFamily`.
 * IPv6 is lower-cased (as procfs prints it) but the `%scope` is kept as printed.
 * Returns null for anything that is not an address (names, truncated IPv6, junk).
 */
export function parseHost(host: string, wildcardFamily: Family): Host | null {
	if (host === '*') return {address: wildcardFamily === 4 ? '0.0.0.0' : '::', family: wildcardFamily};
	const version = isIP(host);
	if (version === 4) return {address: host, family: 4};
	if (version !== 6) return null;
	const percent = host.indexOf('%');
	const address =
		percent < 0 ? host.toLowerCase() : host.slice(0, percent).toLowerCase() + host.slice(percent);
	return {address, family: 6};
}

export function isWildcardHost(host: string): boolean {
	return host === '*' || host === '0.0.0.0' || host === '::' || host === '[::]';
}

export interface Local {
	readonly address: string;
	readonly family: Family;
	readonly port: number;
}

/** A local end: `*` port means not bound to a port yet (BSD `*.*`), reported as 0. */
export function parseLocal(raw: RawEndpoint, wildcardFamily: Family): Local | null {
	const host = parseHost(raw.host, wildcardFamily);
	const port = parsePort(raw.port);
	if (!host || port === undefined) return null;
	return {address: host.address, family: host.family, port: port ?? 0};
}

export interface Remote {
	readonly address: string | null;
	readonly port: number | null;
}

/** A remote end: a wildcard host with no port (`0.0.0.0:*`, `*.*`, `[::]:0`, `*:*`) means "none". */
export function parseRemote(raw: RawEndpoint, wildcardFamily: Family): Remote | null {
	const port = parsePort(raw.port);
	if (port === undefined) return null;
	if (isWildcardHost(raw.host) && (port === null || port === 0)) return {address: null, port: null};
	const host = parseHost(raw.host, wildcardFamily);
	if (!host) return null;
	return {address: host.address, port};
}

/** True when text looks like an IPv6 address netstat cut short to fit its column. */
export function looksTruncatedIPv6(host: string): boolean {
	return isIP(host) === 0 && /^[0-9a-f]*:[0-9a-f:]*(%\S*)?$/i.test(host);
}
