import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {parseFilter} from '../../source/filter/filter.js';
import {parsePortSpec} from '../../source/scan/port-spec.js';
import {resolveTarget} from '../../source/scan/target.js';
import {type ProcNetFile, parseIfInet6, parseProcNet} from '../../source/sources/procfs/parse-proc-net.js';
import {rec} from '../helpers/records.js';

// Property tests: any input, however hostile, gives a result or a one-line error,
// never an exception; and good lines survive any junk around them.

const hostile = fc.oneof(
	fc.string(),
	fc.string({unit: 'binary'}),
	fc.string({unit: 'grapheme'}),
	fc.constantFrom('.*', '(', '[', '\\', '$(rm -rf /)', '`id`', '"', "'", '%s%n', '\u0000', '\u202e', '🦀'),
	fc.string({minLength: 5000, maxLength: 12_000}),
);

const fixture = (name: string) =>
	readFileSync(new URL(`../fixtures/procfs/${name}`, import.meta.url), 'utf8');

describe('/proc/net parser under random input', () => {
	const files: ProcNetFile[] = ['tcp', 'tcp6', 'udp', 'udp6'];
	const real = {
		tcp: fixture('real-tcp.txt'),
		tcp6: fixture('real-tcp6.txt'),
		udp: fixture('real-udp.txt'),
		udp6: fixture('real-udp6.txt'),
	};

	it('never throws and returns well-formed entries', () => {
		fc.assert(
			fc.property(fc.constantFrom(...files), fc.array(hostile, {maxLength: 20}), (file, lines) => {
				const result = parseProcNet(lines.join('\n'), file);
				for (const entry of result.entries) {
					assert.ok(Number.isInteger(entry.localPort) && entry.localPort >= 0 && entry.localPort <= 65535);
					assert.equal(typeof entry.localAddress, 'string');
				}
				assert.ok(result.skippedLines >= 0);
			}),
			{numRuns: 300},
		);
	});

	it('keeps every good line whatever junk is mixed in', () => {
		for (const file of files) {
			const good = real[file].split('\n');
			const expected = parseProcNet(real[file], file).entries.length;
			fc.assert(
				fc.property(fc.array(fc.tuple(fc.nat(good.length), hostile), {maxLength: 10}), (insertions) => {
					const lines = [...good];
					// Junk goes after the header line, between real lines.
					for (const [at, junk] of insertions) lines.splice(Math.max(1, at), 0, junk.replace(/\n/g, ' '));
					const result = parseProcNet(lines.join('\n'), file);
					assert.ok(result.entries.length >= expected, `${file}: lost good lines`);
				}),
				{numRuns: 100},
			);
		}
	});

	it('truncating a real table anywhere never throws and only loses the cut line', () => {
		const text = real.tcp;
		const total = parseProcNet(text, 'tcp').entries.length;
		fc.assert(
			fc.property(fc.nat(text.length), (cut) => {
				const result = parseProcNet(text.slice(0, cut), 'tcp');
				const complete = text.slice(0, cut).split('\n').length - 2; // header + possibly partial last
				assert.ok(result.entries.length <= total);
				assert.ok(result.entries.length >= Math.min(total, Math.max(0, complete)));
			}),
			{numRuns: 200},
		);
	});
});

describe('/proc/net/if_inet6 parser under random input', () => {
	it('never throws; every junk-surrounded real line still gives its link-local address', () => {
		const real = fixture('linklocal-if_inet6.txt').split('\n');
		const expected = parseIfInet6(real.join('\n'));
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(real.length), hostile), {maxLength: 10}), (insertions) => {
				const lines = [...real];
				for (const [at, junk] of insertions) lines.splice(at, 0, junk.replace(/\n/g, ' '));
				const scopes = parseIfInet6(lines.join('\n'));
				for (const [address, name] of expected) assert.equal(scopes.get(address), name);
				for (const name of scopes.values()) assert.ok(name.length > 0 && !/\s/.test(name));
			}),
			{numRuns: 200},
		);
	});
});

describe('user input never throws', () => {
	const record = rec({localPort: 80, pid: 1, process: 'nginx'});

	it('filter expressions give a predicate or one line of error', () => {
		fc.assert(
			fc.property(hostile, (text) => {
				const result = parseFilter(text);
				if (result.ok) assert.equal(typeof result.predicate(record), 'boolean');
				else assert.ok(result.error.length > 0 && !result.error.includes('\n'));
			}),
			{numRuns: 500},
		);
	});

	it('port specs give ports in range or one line of error', () => {
		fc.assert(
			fc.property(fc.oneof(hostile, fc.stringMatching(/^[0-9,\- ]{0,30}$/)), (text) => {
				const result = parsePortSpec(text);
				if (result.ok) assert.ok(result.ports.length > 0 && result.ports.every((p) => p >= 1 && p <= 65535));
				else assert.ok(result.error.length > 0 && !result.error.includes('\n'));
			}),
			{numRuns: 500},
		);
	});

	it('scan targets resolve or give one line of error, without touching the network', async () => {
		const lookups: string[] = [];
		const lookup = async (name: string) => {
			lookups.push(name);
			throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), {code: 'ENOTFOUND'});
		};
		await fc.assert(
			fc.asyncProperty(hostile, async (text) => {
				const result = await resolveTarget(text, {lookup});
				if (result.ok) assert.ok(result.target.hosts.length >= 1 && result.target.hosts.length <= 256);
				else assert.ok(result.error.length > 0 && !result.error.includes('\n'));
			}),
			{numRuns: 300},
		);
	});
});
