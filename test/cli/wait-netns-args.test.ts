// `socktop wait --netns`: the values taken, and the combinations refused (one line, exit 2).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseWaitArgs} from '../../source/cli/wait-args.js';

const parse = (...argv: string[]) => parseWaitArgs(argv, () => null);

test('--netns defaults to host and takes all, an id or an ip netns name', () => {
	const plain = parse('--port', '80');
	assert.equal(plain.kind === 'run' && plain.args.netns, 'host');
	for (const value of ['all', 'host', '4026532176', 'web-1', 'nf.a_b']) {
		const got = parse('--port', '80', '--netns', value);
		assert.equal(got.kind === 'run' && got.args.netns, value, value);
	}
});

test('--netns refuses a path, and the netstat source', () => {
	const path = parse('--port', '80', '--netns', '/run/netns/x');
	assert.equal(path.kind, 'error');
	const netstat = parse('--port', '80', '--netns', 'all', '--source', 'netstat');
	assert.deepEqual(netstat, {
		kind: 'error',
		message: '--netns needs the procfs source: netstat reads its own network namespace only',
	});
});

test('--connect with --netns needs an address of that namespace, not loopback or a wildcard', () => {
	for (const addr of [[], ['--addr', '127.0.0.1'], ['--addr', '0.0.0.0'], ['--addr', '::1']]) {
		const got = parse('--port', '80', '--netns', 'web', '--connect', ...addr);
		assert.equal(got.kind, 'error', addr.join(' '));
	}
	const routed = parse('--port', '80', '--netns', 'web', '--connect', '--addr', '10.241.99.2');
	assert.equal(routed.kind, 'run');
	assert.equal(parse('--port', '80', '--connect').kind, 'run', 'host: as before');
});
