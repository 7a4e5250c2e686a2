// docker-proxy's argv (fixtures: the shape dockerd gives it, and a real cmdline of the tests'
// stand-in), and the directly routed prefixes of a fib_trie (a real one of a veth namespace).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {
	isDirectlyRouted,
	parseDockerProxyCmdline,
	parseFibTrieLinkPrefixes,
} from '../../../source/sources/procfs/docker-proxy.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

test('the port docker-proxy publishes, from its cmdline', () => {
	assert.deepEqual(parseDockerProxyCmdline(fixture('docker-proxy/cmdline-moby.bin')), {
		proto: 'tcp',
		hostAddress: '0.0.0.0',
		hostPort: 8080,
		containerAddress: '172.17.0.2',
		containerPort: 80,
	});
	assert.deepEqual(parseDockerProxyCmdline(fixture('docker-proxy/cmdline-python-stand-in.bin')), {
		proto: 'tcp',
		hostAddress: '0.0.0.0',
		hostPort: 46059,
		containerAddress: '172.17.0.2',
		containerPort: 80,
	});
});

test('--flag and -flag=value forms; what is not a full proxy argv is null', () => {
	const argv = (...words: string[]) => `${words.join('\0')}\0`;
	assert.deepEqual(
		parseDockerProxyCmdline(
			argv(
				'docker-proxy',
				'--proto=udp',
				'-host-ip=::',
				'--host-port',
				'53',
				'-container-ip',
				'fd00::2',
				'-container-port=53',
			),
		),
		{proto: 'udp', hostAddress: '::', hostPort: 53, containerAddress: 'fd00::2', containerPort: 53},
	);
	assert.equal(parseDockerProxyCmdline(argv('docker-proxy', '-proto', 'tcp', '-host-port', '8080')), null);
	assert.equal(
		parseDockerProxyCmdline(
			argv('docker-proxy', '-proto', 'sctp', '-host-port', '1', '-container-ip', 'x', '-container-port', '1'),
		),
		null,
	);
	assert.equal(
		parseDockerProxyCmdline(
			argv('docker-proxy', '-host-port', '70000', '-container-ip', 'x', '-container-port', '1'),
		),
		null,
	);
});

test('link prefixes of a fib_trie, and whether an address is inside one', () => {
	const prefixes = parseFibTrieLinkPrefixes(fixture('netns-addresses/fib_trie-veth.txt'));
	assert.equal(prefixes.length, 1, JSON.stringify(prefixes));
	assert.equal(isDirectlyRouted('10.213.7.9', prefixes), true);
	assert.equal(isDirectlyRouted('10.213.8.1', prefixes), false);
	assert.equal(isDirectlyRouted('172.17.0.2', prefixes), false);
	assert.deepEqual(parseFibTrieLinkPrefixes(fixture('netns-addresses/fib_trie-lo.txt')), []);
	assert.equal(isDirectlyRouted('fd00::2', prefixes), false, 'IPv4 only');
});
