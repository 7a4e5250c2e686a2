// COUNT loopback connections held by two bench/hold-child.mjs processes (a listener and a client),
// for the A/B tools (memory-ab.mjs, key-latency-ab.mjs); `release()` closes them.
import {spawn} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';

const CHILD = fileURLToPath(new URL('./hold-child.mjs', import.meta.url));

/** The child's stdout as lines: waits (≤ 120 s) for the first that starts with a prefix. */
function lines(child) {
	const seen = [];
	let pending = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (text) => {
		pending += text;
		const parts = pending.split('\n');
		pending = parts.pop();
		seen.push(...parts);
	});
	return async (prefix) => {
		for (let i = 0; i < 1200; i++) {
			const line = seen.find((candidate) => candidate.startsWith(prefix));
			if (line) return line.slice(prefix.length).trim();
			await sleep(100);
		}
		throw new Error(`no ${prefix}`);
	};
}

/** Holds COUNT connections (none for 0) and resolves once every one is up. */
export async function holdConnections(count) {
	const holders = [];
	const release = () => {
		for (const child of holders) child.stdin.end('close\n');
	};
	if (count > 0) {
		try {
			const server = spawn(process.execPath, [CHILD, 'server', String(count)], {
				stdio: ['pipe', 'pipe', 'inherit'],
			});
			holders.push(server);
			const port = await lines(server)('port ');
			const client = spawn(process.execPath, [CHILD, 'client', port, String(count)], {
				stdio: ['pipe', 'pipe', 'inherit'],
			});
			holders.push(client);
			await lines(client)('ready ');
		} catch (error) {
			release();
			throw error;
		}
	}
	return {release};
}
