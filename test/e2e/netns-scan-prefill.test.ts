// `s` on a listener of another network namespace, in the real dashboard (tmux): the target is
// that namespace's own address, and the scan reaches the listener through a veth pair. Two
// namespaces made here: A runs socktop (its "host"), B the listeners; 10.213.9.0/24 exists only
// on their veth pair, so no packet leaves them. A loopback-only listener in B prefills nothing
// and the footer says why (127.0.0.1 would be A's own loopback: the wrong machine).
import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX} from './helpers/paths.js';
import {Child, run, uniqueToken} from './helpers/process.js';
import {startDashboard} from './helpers/tmux.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const TOKEN = uniqueToken('snc', 3);
const HOST_NS = `${TOKEN}-a`;
const BOX_NS = `${TOKEN}-b`;
const [VETH_A, VETH_B] = [`${TOKEN}a`, `${TOKEN}b`];
const [HOST_IP, BOX_IP] = ['10.213.9.1', '10.213.9.2'];
// Fixed ports of this test's range (the rows then sort wildcard first, loopback second).
const [WILD_PORT, LOOPBACK_PORT] = [32101, 32102];
const LISTENERS = `
const net = require('node:net');
let up = 0;
for (const [host, port] of [['0.0.0.0', ${WILD_PORT}], ['127.0.0.1', ${LOOPBACK_PORT}]])
	net.createServer((s) => s.end()).listen(port, host, () => { if (++up === 2) console.log('ready'); });
`;

let skip: string | false = NOT_LINUX ? 'Linux only' : false;
const made: string[] = [];

const ip = async (...args: string[]) => {
	const result = await run('ip', args, {timeoutMs: 10_000});
	assert.equal(result.code, 0, `ip ${args.join(' ')}: ${result.stderr}`);
};

before(async () => {
	if (skip) return;
	assertBuilt();
	if (process.getuid?.() !== 0) {
		skip = 'network namespaces need root';
		return;
	}
	const added = await run('ip', ['netns', 'add', HOST_NS], {timeoutMs: 10_000});
	if (added.code !== 0) {
		skip = `ip netns add is not permitted here (${added.stderr.trim() || added.code})`;
		return;
	}
	made.push(HOST_NS);
	await ip('netns', 'add', BOX_NS);
	made.push(BOX_NS);
	await ip('-n', HOST_NS, 'link', 'add', VETH_A, 'type', 'veth', 'peer', 'name', VETH_B, 'netns', BOX_NS);
	await ip('-n', HOST_NS, 'addr', 'add', `${HOST_IP}/24`, 'dev', VETH_A);
	await ip('-n', BOX_NS, 'addr', 'add', `${BOX_IP}/24`, 'dev', VETH_B);
	for (const [ns, dev] of [
		[HOST_NS, VETH_A],
		[BOX_NS, VETH_B],
	] as const) {
		await ip('-n', ns, 'link', 'set', 'lo', 'up');
		await ip('-n', ns, 'link', 'set', dev, 'up');
	}
});
after(async () => {
	// Deleting a namespace deletes its end of the veth pair, and so the pair.
	for (const ns of made.reverse()) await run('ip', ['netns', 'delete', ns], {timeoutMs: 10_000});
});

test('s on a container listener: its own address for 0.0.0.0 (the scan reaches it), nothing for 127.0.0.1', async (t) => {
	if (skip) return t.skip(skip);
	const listeners = new Child('ip', ['netns', 'exec', BOX_NS, NODE, '-e', LISTENERS]);
	t.after(() => listeners.stop('SIGKILL'));
	await waitFor('the listeners', () => listeners.stdout.includes('ready'), {
		timeoutMs: STARTUP_MS,
		describe: () => listeners.stderr,
	});
	const dash = await startDashboard({
		command: ['ip', 'netns', 'exec', HOST_NS, NODE, CLI_PATH, '--netns', BOX_NS],
		width: 120,
		height: 40,
	});
	t.after(() => dash.cleanup());
	// …with their owners: the first frame comes from the tables alone ("owners: reading…"), and a
	// scan done before the owners' read ends names no listener (CI, 2026-11-30: the walk of every
	// process's fds took longer than the scan on a machine busy with other tests).
	await dash.waitForPane(
		'both listeners of the box namespace, with their owners',
		(text) =>
			text.includes(`${WILD_PORT}`) &&
			text.includes(`${LOOPBACK_PORT}`) &&
			!/owners: reading|owners(…|\.\.\.)/.test(text),
		STARTUP_MS,
	);

	// The wildcard listener (first row): the box's veth address, with the routing caveat.
	await dash.sendKeys('s');
	await dash.waitForPane(
		'the prefilled box address',
		(text) =>
			text.includes(`target: ${BOX_IP}`) &&
			text.includes(`${BOX_IP} is netns:${BOX_NS}'s address: reachable only if routed here`),
	);
	await dash.sendKeys('Tab');
	await dash.sendText(`${WILD_PORT},${LOOPBACK_PORT}`);
	await dash.sendKeys('Enter');
	// It reaches the wildcard listener; the loopback one is (rightly) closed from outside.
	const done = await dash.waitForPane(
		'the scan result',
		(text) => /done 10\.213\.9\.2 .*1 open · 1 closed/.test(text),
		20_000,
	);
	// …and names the box's listener as the one it reached (local-listener.ts).
	assert.match(done, new RegExp(`${WILD_PORT}/tcp open .*← node \\(\\d+\\)`));

	// The loopback listener (second row): no target, and why.
	await dash.sendKeys('Escape');
	await dash.waitForPane('the listening pane focused', (text) => text.includes('▶ Listening'));
	await dash.sendKeys('Down');
	await dash.sendKeys('s');
	const form = await dash.waitForPane('the reason in the footer', (text) =>
		text.includes(`listens on 127.0.0.1 inside netns:${BOX_NS}: not reachable from this host`),
	);
	const targetLine = form.split('\n').find((line) => line.includes('target:'));
	assert.ok(targetLine, form);
	assert.doesNotMatch(targetLine, /target: \S*\d/, 'no address prefilled');
});
