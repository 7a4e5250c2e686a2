// `socktop wait` input under random values: a result or one line of error, never an
// exception, and never a name resolved other than from the given hosts text.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parseWaitArgs} from '../../source/cli/wait-args.js';
import {canonicalAddress} from '../../source/cli/wait-match.js';
import {parseDuration} from '../../source/model/parse-duration.js';
import {parseEtcHosts} from '../../source/os/etc-hosts.js';
import {parseSsV6only} from '../../source/sources/ss-v6only.js';

const hostile = fc.oneof(
	fc.string(),
	fc.string({unit: 'binary'}),
	fc.constantFrom(
		'--port',
		'--addr',
		'--timeout',
		'-p',
		'--udp',
		'--connect',
		'--gone',
		'::',
		'[::1]',
		'1e3s',
		'\u0000',
	),
	fc.string({minLength: 2000, maxLength: 6000}),
);

describe('socktop wait input never throws', () => {
	it('argv gives arguments or one line of error', () => {
		fc.assert(
			fc.property(
				fc.array(hostile, {maxLength: 8}),
				fc.oneof(fc.constant(null), fc.string()),
				(argv, hosts) => {
					const result = parseWaitArgs(argv, () => hosts);
					if (result.kind === 'error') assert.doesNotMatch(result.message, /\n/);
					if (result.kind === 'run') {
						assert.ok(result.args.port >= 1 && result.args.port <= 65_535);
						for (const target of result.args.targets ?? []) assert.ok(canonicalAddress(target.address));
					}
				},
			),
			{numRuns: 400},
		);
	});
	it('addresses: null or a canonical address that parses to itself', () => {
		fc.assert(
			fc.property(hostile, (text) => {
				const parsed = canonicalAddress(text);
				if (parsed !== null) assert.deepEqual(canonicalAddress(parsed.address)?.address, parsed.address);
			}),
		);
	});
	it('durations, hosts files and ss output', () => {
		fc.assert(
			fc.property(hostile, (text) => {
				const ms = parseDuration('--t', text, {minMs: 0, maxMs: 86_400_000});
				assert.ok(typeof ms === 'string' ? !ms.includes('\n') : Number.isInteger(ms) && ms >= 0);
				parseEtcHosts(text);
				for (const [inode] of parseSsV6only(text)) assert.ok(Number.isSafeInteger(inode) && inode > 0);
			}),
		);
	});
});
