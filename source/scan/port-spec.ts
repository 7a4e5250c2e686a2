import {quote} from '../model/quote.js';
import {top100, top1000} from './top-ports.js';

export type PortSpecResult =
	| {readonly ok: true; readonly ports: number[]}
	| {readonly ok: false; readonly error: string};

const MAX_PORT = 65535;
const SINGLE = /^\d+$/;
const RANGE = /^(\d+)-(\d+)$/;

function portNumber(digits: string): number | string {
	// Long digit strings are out of range whatever they say; avoid Number('1e400'-like surprises.
	const value = digits.length > 6 ? Number.POSITIVE_INFINITY : Number(digits);
	if (value === 0) return 'port 0 is not a valid port (use 1-65535)';
	if (value > MAX_PORT) return `port ${quote(digits, 24)} is out of range (1-65535)`;
	return value;
}

/**
 * `top100`, `top1000`, `all`, or a comma list of ports and ranges (`22,80,8000-8100`,
 * keywords allowed as items) → sorted unique ports. Never throws; errors are one line.
 */
export function parsePortSpec(spec: string): PortSpecResult {
	const text = typeof spec === 'string' ? spec.trim() : '';
	if (text === '') return {ok: false, error: 'empty port list'};
	// Ports named one by one (and by top100/top1000) are kept once each in the order named
	// and sorted by the typed array's own (native) sort: walking all 65,535 flags for them
	// cost 28–80 ms of wall time on a cold start, in the interpreter (load average ≈ 50;
	// 1.4 ms once optimized). Ranges and `all` mark the flags, which are then walked.
	const wanted = new Uint8Array(MAX_PORT + 1);
	const named: number[] = [];
	let ranged = false;
	const add = (port: number) => {
		if (wanted[port] === 1) return;
		wanted[port] = 1;
		named.push(port);
	};
	for (const raw of text.split(',')) {
		const item = raw.trim();
		const keyword = item.toLowerCase();
		if (item === '') return {ok: false, error: `empty item in port list ${quote(text, 24)}`};
		if (keyword === 'all') {
			wanted.fill(1, 1);
			ranged = true;
		} else if (keyword === 'top100' || keyword === 'top1000') {
			// Indexed: a for…of makes an iterator result per port in the interpreter (top-ports.ts).
			const list = keyword === 'top100' ? top100 : top1000;
			for (let i = 0; i < list.length; i++) add(list[i]!);
		} else if (SINGLE.test(item)) {
			const port = portNumber(item);
			if (typeof port === 'string') return {ok: false, error: port};
			add(port);
		} else {
			const match = RANGE.exec(item);
			if (!match) return {ok: false, error: `invalid port or range ${quote(item, 24)}`};
			const from = portNumber(match[1]!);
			if (typeof from === 'string') return {ok: false, error: from};
			const to = portNumber(match[2]!);
			if (typeof to === 'string') return {ok: false, error: to};
			if (from > to) return {ok: false, error: `range ${quote(item, 24)} is reversed (write ${to}-${from})`};
			wanted.fill(1, from, to + 1);
			ranged = true;
		}
	}
	if (!ranged) {
		// Copied by index: Array.from walks the typed array's iterator (0.35 ms against 0.11 ms
		// for 1,000 ports, cold, load ≈ 25).
		const sorted = Uint16Array.from(named).sort();
		const ports = new Array<number>(sorted.length);
		for (let i = 0; i < sorted.length; i++) ports[i] = sorted[i]!;
		return {ok: true, ports};
	}
	const ports: number[] = [];
	for (let port = 1; port <= MAX_PORT; port++) if (wanted[port] === 1) ports.push(port);
	return {ok: true, ports};
}
