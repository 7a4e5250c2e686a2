import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {KNOWN_SERVICES} from '../../source/services/known-services.js';
import {parseEtcServices} from '../../source/services/parse-etc-services.js';
import {portClass} from '../../source/services/port-class.js';
import {readEtcServices} from '../../source/services/read-etc-services.js';
import {createServiceLookup} from '../../source/services/service-lookup.js';

const SAMPLE = `# services(5) sample
tcpmux		1/tcp				# TCP port service multiplexer
ssh		22/tcp				# SSH Remote Login Protocol
http		80/tcp		www		# WorldWideWeb HTTP
http		80/udp
domain		53/tcp
domain		53/udp
syslog		514/udp
shell		514/tcp		cmd		# no passwords used
mything		22/tcp				# a later duplicate: the first line wins
broken line without port
x		99999/tcp
y		12/nope/tcp
bad$name	5/tcp
webcache	8080/tcp	http-alt	# WWW caching service
   \t
sctpthing	9/sctp
`;

describe('parseEtcServices', () => {
	it('reads name, port, protocol and aliases; skips comments and broken lines', () => {
		const {entries, skippedLines} = parseEtcServices(SAMPLE);
		assert.deepEqual(entries[2], {name: 'http', port: 80, proto: 'tcp', aliases: ['www']});
		assert.deepEqual(entries.at(-1), {name: 'sctpthing', port: 9, proto: 'sctp', aliases: []});
		assert.equal(entries.length, 11);
		assert.equal(skippedLines, 4);
	});

	it('copes with CRLF, empty text and anything else without throwing', () => {
		assert.deepEqual(
			parseEtcServices('ssh 22/tcp\r\nftp 21/tcp\r\n').entries.map((e) => e.name),
			['ssh', 'ftp'],
		);
		assert.deepEqual(parseEtcServices(''), {entries: [], skippedLines: 0});
		assert.doesNotThrow(() => parseEtcServices('\u0000\u001b[31m 1/tcp\n🙂 2/tcp\n'.repeat(1000)));
	});

	it('parses the real /etc/services when there is one', async () => {
		const text = await readEtcServices();
		if (text === undefined) return;
		const {entries} = parseEtcServices(text);
		assert.ok(
			entries.some((e) => e.name === 'ssh' && e.port === 22 && e.proto === 'tcp'),
			'ssh 22/tcp',
		);
	});
});

describe('createServiceLookup', () => {
	it('knows common services without /etc/services', () => {
		const lookup = createServiceLookup();
		assert.equal(lookup(22, 'tcp'), 'ssh');
		assert.equal(lookup(443, 'tcp'), 'https');
		assert.equal(lookup(443, 'udp'), 'https');
		assert.equal(lookup(53, 'udp'), 'domain');
		assert.equal(lookup(5432, 'tcp'), 'postgresql');
		assert.equal(lookup(6379, 'tcp'), 'redis');
		assert.equal(lookup(123, 'udp'), 'ntp');
		assert.equal(lookup(123, 'tcp'), null);
		assert.equal(lookup(514, 'tcp'), 'shell');
		assert.equal(lookup(514, 'udp'), 'syslog');
		assert.equal(lookup(47_999, 'tcp'), null);
	});

	it('lets /etc/services override the table, first line winning', () => {
		const lookup = createServiceLookup({etcServicesText: SAMPLE});
		assert.equal(lookup(22, 'tcp'), 'ssh');
		assert.equal(lookup(8080, 'tcp'), 'webcache');
		assert.equal(lookup(6379, 'tcp'), 'redis', 'built-in names stay for ports the file lacks');
		assert.equal(lookup(99999, 'tcp'), null);
	});

	it('has a table of about 170+ distinct, sane entries', () => {
		assert.ok(KNOWN_SERVICES.length >= 170, `${KNOWN_SERVICES.length} entries`);
		const seen = new Set<string>();
		for (const [port, name, proto] of KNOWN_SERVICES) {
			assert.ok(Number.isInteger(port) && port >= 1 && port <= 65535, `${name}: ${port}`);
			assert.match(name, /^[a-z0-9][a-z0-9.-]*$/);
			for (const p of proto === 'b' ? ['tcp', 'udp'] : [proto]) {
				assert.ok(!seen.has(`${port}/${p}`), `duplicate ${port}/${p}`);
				seen.add(`${port}/${p}`);
			}
		}
	});
});

describe('portClass', () => {
	it('splits ports into the IANA ranges', () => {
		assert.equal(portClass(0), 'well-known');
		assert.equal(portClass(1023), 'well-known');
		assert.equal(portClass(1024), 'registered');
		assert.equal(portClass(49151), 'registered');
		assert.equal(portClass(49152), 'dynamic');
		assert.equal(portClass(65535), 'dynamic');
		for (const bad of [-1, 65536, 1.5, Number.NaN]) assert.throws(() => portClass(bad), RangeError);
	});
});

describe('readEtcServices', () => {
	it('gives undefined for a missing file or a directory', async () => {
		assert.equal(await readEtcServices('/nonexistent/services'), undefined);
		assert.equal(await readEtcServices('/'), undefined);
	});
});
