import {domainToASCII} from 'node:url';
import {isIP} from '../model/ip-literal.js';
import {ipv4ToNumber, numberToIpv4} from '../model/ipv4-number.js';
import {quote} from '../model/quote.js';
import {bigIntToIpv6, ipv6ToBigInt} from './ip-address.js';

export interface LookupAddress {
	readonly address: string;
	readonly family: number;
}
/** Shaped like `dns.promises.lookup(name, {all: true})`, which is the default. */
export type LookupFn = (hostname: string, options: {all: true}) => Promise<LookupAddress[]>;

export interface ScanTarget {
	/** The target as typed (trimmed). */
	readonly input: string;
	/** The host name that was resolved, or null for addresses and CIDR blocks. */
	readonly name: string | null;
	/** Addresses to scan, in order, without duplicates. */
	readonly hosts: readonly string[];
}

export type TargetResult =
	| {readonly ok: true; readonly target: ScanTarget}
	| {readonly ok: false; readonly error: string};

export interface ResolveTargetOptions {
	readonly lookup?: LookupFn;
	readonly maxHosts?: number;
	readonly signal?: AbortSignal;
}

export const MAX_TARGET_HOSTS = 256;

const fail = (error: string): TargetResult => ({ok: false, error});
const found = (input: string, name: string | null, hosts: string[]): TargetResult => ({
	ok: true,
	target: {input, name, hosts},
});

function expandCidr(input: string, address: string, prefixText: string, maxHosts: number): TargetResult {
	const family = isIP(address);
	const bits = family === 4 ? 32 : 128;
	if (family === 0 || address.includes('%'))
		return fail(`bad CIDR block ${quote(input)} (an IP address, '/', a prefix length)`);
	if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits)
		return fail(`bad prefix length in ${quote(input)} (0-${bits} for IPv${family})`);
	const hostBits = bits - Number(prefixText);
	const count = 2 ** hostBits;
	if (count > maxHosts) {
		const size = hostBits > 52 ? `2^${hostBits}` : String(count);
		return fail(`too many hosts in ${quote(input)} (${size}; at most ${maxHosts}: use a longer prefix)`);
	}
	const hosts: string[] = [];
	if (family === 4) {
		// Host bits set in the address are ignored, as in 192.168.1.77/24.
		const base = (ipv4ToNumber(address)! >>> hostBits) * count;
		for (let i = 0; i < count; i++) hosts.push(numberToIpv4(base + i));
	} else {
		const big = BigInt(hostBits);
		const base = (ipv6ToBigInt(address)! >> big) << big;
		for (let i = 0; i < count; i++) hosts.push(bigIntToIpv6(base + BigInt(i)));
	}
	return found(input, null, hosts);
}

function isHostName(name: string): boolean {
	const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
	if (
		name.length > 253 ||
		labels.some((label) => !/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label))
	)
		return false;
	// An all-numeric last label is a mistyped address (`127.1`, `10.0.0.256`), not a name.
	return !/^\d+$/.test(labels[labels.length - 1]!);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | 'aborted'> {
	if (!signal) return promise;
	if (signal.aborted) return Promise.resolve('aborted');
	return new Promise((resolve, reject) => {
		const onAbort = () => resolve('aborted');
		signal.addEventListener('abort', onAbort, {once: true});
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/**
 * A target → the addresses to scan: a host name (resolved once, first address),
 * an IPv4/IPv6 address (`::1` or `[::1]`), or a CIDR block of at most `maxHosts`.
 * Never throws; errors are one line fit for a user.
 */
/**
 * The system resolver, loaded when a name is to be resolved: node:dns (and c-ares behind it)
 * is not needed to scan an address, which is what most scans are given.
 */
const systemLookup: LookupFn = async (hostname, options) => {
	const {promises: dns} = await import('node:dns');
	return dns.lookup(hostname, options);
};

export async function resolveTarget(
	rawInput: string,
	options: ResolveTargetOptions = {},
): Promise<TargetResult> {
	const {lookup = systemLookup, maxHosts = MAX_TARGET_HOSTS, signal} = options;
	const input = typeof rawInput === 'string' ? rawInput.trim() : '';
	if (input === '') return fail('no target given');
	if (input.length > 300) return fail(`bad host ${quote(input)} (too long)`);
	const bracketed = /^\[([^\]]*)\](?:\/(.*))?$/.exec(input);
	const slash = input.indexOf('/');
	const address = bracketed ? bracketed[1]! : slash === -1 ? input : input.slice(0, slash);
	const prefix = bracketed ? bracketed[2] : slash === -1 ? undefined : input.slice(slash + 1);
	if (bracketed && isIP(address) !== 6) return fail(`bad IPv6 address ${quote(input)}`);
	if (prefix !== undefined) return expandCidr(input, address, prefix, maxHosts);
	if (isIP(address) !== 0) return found(input, null, [address]);
	if (address.includes(':')) return fail(`bad IPv6 address ${quote(input)}`);
	if (/^[\d.]+$/.test(address)) return fail(`bad IPv4 address ${quote(input)}`);
	const name = /^[\x21-\x7e]+$/.test(address) ? address : domainToASCII(address);
	if (name === '' || !isHostName(name))
		return fail(`bad host ${quote(input)} (not a host name or IP address)`);
	try {
		const answer = await abortable(lookup(name, {all: true}), signal);
		if (answer === 'aborted') return fail('cancelled while resolving the target');
		const first = answer.find((entry) => isIP(entry.address) !== 0);
		if (!first) return fail(`cannot resolve ${quote(name)}: no addresses`);
		return found(input, name, [first.address]);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException | undefined)?.code;
		const why = code === 'ENOTFOUND' || code === 'ENODATA' ? 'unknown host' : (code ?? 'lookup failed');
		return fail(`cannot resolve ${quote(name)}: ${why}`);
	}
}
