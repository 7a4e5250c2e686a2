// The wait loop on a scripted table and clock: what it decides after each read, what it
// prints, and its exit codes. No real time passes (the clock moves by the sleeps).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseWaitArgs, type WaitArgs} from '../../source/cli/wait-args.js';
import {runWait} from '../../source/cli/wait-command.js';
import type {WaitSocket} from '../../source/cli/wait-match.js';
import type {Holders, WaitRead, WaitTable} from '../../source/cli/wait-table.js';

const args = (...argv: string[]): WaitArgs => {
	const parsed = parseWaitArgs(argv, () => null);
	assert.equal(parsed.kind, 'run');
	return (parsed as {args: WaitArgs}).args;
};
const listener = (localAddress: string, more: Partial<WaitSocket> = {}): WaitSocket => ({
	proto: 'tcp',
	family: localAddress.includes(':') ? 6 : 4,
	localAddress,
	localPort: 8080,
	state: 'LISTEN',
	uid: 1000,
	inode: 77,
	owners: null,
	...more,
});

interface Script {
	/** One read per poll; the last one repeats. */
	reads: WaitRead[];
	holders?: Holders | null;
	v6only?: Map<number, boolean>;
	connect?: (host: string) => string | null;
	uid?: number;
	abortAfterReads?: number;
}

async function wait(waitArgs: WaitArgs, script: Script) {
	let clock = 0;
	let reads = 0;
	let v6onlyAsked = 0;
	const connects: string[] = [];
	const controller = new AbortController();
	let stdout = '';
	let stderr = '';
	const table: WaitTable = {
		kind: 'procfs',
		read: async () => {
			const read = script.reads[Math.min(reads, script.reads.length - 1)]!;
			reads++;
			if (reads === script.abortAfterReads) controller.abort();
			return read;
		},
		holders: () => script.holders ?? {owners: new Map(), hidden: []},
		v6only: async () => {
			v6onlyAsked++;
			return script.v6only ?? new Map();
		},
		defaultV6only: false,
	};
	const code = await runWait(waitArgs, {
		table,
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
		signal: controller.signal,
		uid: script.uid ?? 1000,
		now: () => clock,
		sleep: async (ms) => {
			clock += ms;
		},
		connect: async (host) => {
			connects.push(host);
			return script.connect ? script.connect(host) : null;
		},
	});
	return {code, stdout, stderr, reads, clock, v6onlyAsked, connects};
}
const none: WaitRead = {sockets: [], spanned: false};
const seen = (...sockets: WaitSocket[]): WaitRead => ({sockets, spanned: false});

describe('socktop wait, on a scripted table', () => {
	it('exits 0 at the first read that shows the listener, polling every 100 ms', async () => {
		const result = await wait(args('--port', '8080'), {reads: [none, none, none, seen(listener('0.0.0.0'))]});
		assert.equal(result.code, 0);
		assert.equal(result.reads, 4);
		assert.equal(result.clock, 300);
		assert.match(result.stdout, /^tcp 0\.0\.0\.0:8080 is listening \(waited 300 ms\)\n$/);
	});
	it('--quiet prints nothing', async () => {
		const result = await wait(args('--port', '8080', '-q'), {reads: [seen(listener('::1'))]});
		assert.deepEqual([result.code, result.stdout, result.stderr], [0, '', '']);
	});
	it('times out with exit 1 and says what was on the port', async () => {
		const result = await wait(args('--port', '8080', '--addr', '::1', '--timeout', '1s'), {
			reads: [seen(listener('127.0.0.1'))],
		});
		assert.equal(result.code, 1);
		assert.equal(result.clock, 1000);
		assert.equal(result.stdout, '');
		assert.match(
			result.stderr,
			/^socktop: timed out after 1\.00 s: nothing listens on tcp port 8080 at ::1 \(on the port: tcp 127\.0\.0\.1:8080\)\n$/,
		);
	});
	it('--timeout 0s reads once', async () => {
		const result = await wait(args('--port', '8080', '--timeout', '0s'), {reads: [none]});
		assert.deepEqual([result.code, result.reads], [1, 1]);
	});
	it('Ctrl-C: 130, nothing printed', async () => {
		const result = await wait(args('--port', '8080'), {reads: [none], abortAfterReads: 3});
		assert.deepEqual([result.code, result.stdout, result.stderr], [130, '', '']);
	});
	it('--gone: exits once the listener is no longer there', async () => {
		const result = await wait(args('--port', '8080', '--gone'), {reads: [seen(listener('0.0.0.0')), none]});
		assert.equal(result.code, 0);
		assert.match(result.stdout, /^nothing listens on tcp port 8080 \(waited 100 ms\)/);
		const timedOut = await wait(args('--port', '8080', '--gone', '--timeout', '200ms'), {
			reads: [seen(listener('0.0.0.0'))],
		});
		assert.equal(timedOut.code, 1);
		assert.match(timedOut.stderr, /still listening on tcp port 8080: tcp 0\.0\.0\.0:8080/);
	});
	it('--gone: an absence in a read spread over several read() calls is read again before it counts', async () => {
		const result = await wait(args('--port', '8080', '--gone', '--timeout', '0s'), {
			reads: [{sockets: [], spanned: true}, seen(listener('0.0.0.0'))],
		});
		assert.deepEqual([result.code, result.reads], [1, 2]);
	});
	it('asks for v6only only when it decides, and follows it', async () => {
		const dual = await wait(args('--port', '8080', '--addr', '127.0.0.1', '--timeout', '0s'), {
			reads: [seen(listener('::'))],
			v6only: new Map([[77, false]]),
		});
		assert.deepEqual([dual.code, dual.v6onlyAsked], [0, 1]);
		const v6only = await wait(args('--port', '8080', '--addr', '127.0.0.1', '--timeout', '300ms'), {
			reads: [seen(listener('::'))],
			v6only: new Map([[77, true]]),
		});
		assert.equal(v6only.code, 1);
		assert.equal(v6only.v6onlyAsked, 1, 'asked once, remembered by inode');
		const localhost = await wait(args('--port', '8080', '--addr', 'localhost'), {
			reads: [seen(listener('::'))],
		});
		assert.deepEqual([localhost.code, localhost.v6onlyAsked], [0, 0]);
	});
	it('--process: only a socket held by NAME', async () => {
		const holders = {owners: new Map([[77, [{pid: 12, process: 'nginx'}]]]), hidden: []};
		const ok = await wait(args('--port', '8080', '--process', 'nginx'), {
			reads: [seen(listener('0.0.0.0'))],
			holders,
		});
		assert.equal(ok.code, 0);
		assert.match(ok.stdout, /is listening, held by nginx/);
		const other = await wait(args('--port', '8080', '--process', 'node', '--timeout', '100ms'), {
			reads: [seen(listener('0.0.0.0'))],
			holders: {owners: new Map(), hidden: []},
		});
		assert.equal(other.code, 1);
		assert.match(other.stderr, /is listening, but not held by node/);
	});
	it('--process as non-root, another user socket and hidden processes of that name: said once, then waits', async () => {
		const result = await wait(args('--port', '8080', '--process', 'nginx', '--timeout', '300ms'), {
			reads: [seen(listener('0.0.0.0', {uid: 33}))],
			holders: {owners: new Map(), hidden: [{pid: 12, process: 'nginx'}]},
			uid: 65534,
		});
		assert.equal(result.code, 1);
		assert.equal(result.reads, 4);
		assert.equal(result.stderr.match(/without root its process cannot be seen/g)?.length, 1);
		assert.match(result.stderr, /whether nginx holds it is unknown without root/);
	});
	it('--connect: retried until a connection is accepted, at the address the listener covers', async () => {
		let attempts = 0;
		const result = await wait(args('--port', '8080', '--addr', 'localhost', '--connect'), {
			reads: [seen(listener('::1'))],
			connect: () => (++attempts < 3 ? 'ECONNREFUSED' : null),
		});
		assert.equal(result.code, 0);
		assert.deepEqual(result.connects, ['::1', '::1', '::1']);
		assert.match(result.stdout, /accepted a connection at ::1/);
		const refused = await wait(args('--port', '8080', '--connect', '--timeout', '100ms'), {
			reads: [seen(listener('0.0.0.0'))],
			connect: () => 'ECONNREFUSED',
		});
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /is listening but a connection to it failed \(ECONNREFUSED\)/);
	});
	it('--verbose says what it waits for, once', async () => {
		const present = await wait(
			{...args('--port', '8080', '--process', 'nginx', '--timeout', '2m'), verbose: true},
			{
				reads: [none, seen(listener('0.0.0.0'))],
				holders: {owners: new Map([[77, [{pid: 1, process: 'nginx'}]]]), hidden: []},
			},
		);
		assert.equal(present.stderr, 'socktop: waiting for nginx to listen on tcp port 8080 (up to 2 min 0 s)\n');
		const gone = await wait({...args('--port', '8080', '--gone'), verbose: true}, {reads: [none]});
		assert.equal(gone.stderr, 'socktop: waiting until nothing listens on tcp port 8080\n');
	});
	it('no connection without --connect', async () => {
		const result = await wait(args('--port', '8080'), {reads: [seen(listener('0.0.0.0'))]});
		assert.deepEqual(result.connects, []);
	});
});
