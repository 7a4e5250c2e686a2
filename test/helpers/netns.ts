// Child processes and network namespaces for the scan tests and the scan bench: run a
// command to its end, and make two namespaces joined by a veth pair. No packet leaves them.
import {spawn} from 'node:child_process';

export interface Done {
	/** The exit code; null when killed by a signal, -1 when the program could not start. */
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `file` (no shell) to its end; killed after `timeoutMs` so a stuck tool cannot hang a run. */
export function runProcess(file: string, args: string[], timeoutMs = 30_000): Promise<Done> {
	return new Promise((resolve) => {
		const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			resolve({code: -1, stdout, stderr: error.message});
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}

export interface VethPair {
	scannerNs: string;
	targetNs: string;
	/** Interface names, one in each namespace. */
	scannerDev: string;
	targetDev: string;
	/** Addresses of one /30 (without the prefix length). */
	scannerAddress: string;
	targetAddress: string;
}

/**
 * Makes both namespaces (each pushed onto `created`, for removal) with lo up, joined by a veth
 * pair. Returns why it could not (not root, no CAP_NET_ADMIN), or null.
 */
export async function makeVethPair(pair: VethPair, created: string[]): Promise<string | null> {
	const {scannerNs, targetNs, scannerDev, targetDev} = pair;
	for (const ns of [scannerNs, targetNs]) {
		const made = await runProcess('ip', ['netns', 'add', ns]);
		if (made.code !== 0) return `ip netns add is not permitted here (${made.stderr.trim() || made.code})`;
		created.push(ns);
	}
	const steps = [
		[
			'-n',
			scannerNs,
			'link',
			'add',
			scannerDev,
			'type',
			'veth',
			'peer',
			'name',
			targetDev,
			'netns',
			targetNs,
		],
		['-n', scannerNs, 'addr', 'add', `${pair.scannerAddress}/30`, 'dev', scannerDev],
		['-n', scannerNs, 'link', 'set', scannerDev, 'up'],
		['-n', scannerNs, 'link', 'set', 'lo', 'up'],
		['-n', targetNs, 'addr', 'add', `${pair.targetAddress}/30`, 'dev', targetDev],
		['-n', targetNs, 'link', 'set', targetDev, 'up'],
		['-n', targetNs, 'link', 'set', 'lo', 'up'],
	];
	for (const step of steps) {
		const result = await runProcess('ip', step);
		if (result.code !== 0) return `could not set up the veth pair: ${result.stderr.trim()}`;
	}
	return null;
}
