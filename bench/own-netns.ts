// A bench section run again in a new network namespace (loopback up), as root: this shared
// machine's other sockets (thousands at times, from other work) would otherwise count as the
// dashboard's. The child prints its summary rows as `@@row JSON` lines, the rest as it is.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {commandLine, commandOutput, type Print, type SummaryRow} from './lib.js';

const INK_PATCH = fileURLToPath(new URL('../scripts/ink-patch-register.mjs', import.meta.url));

/** Whether a section should move to its own namespace: root, the tools there, and not moved yet. */
export function canRunInOwnNetns(): boolean {
	return (
		process.getuid?.() === 0 &&
		!process.env.SOCKTOP_BENCH_NETNS &&
		commandOutput('unshare', ['--version']) !== null &&
		commandOutput('ip', ['-V']) !== null
	);
}

/** Runs CHILD (a bench module) under `unshare -n` with SOCKTOP_BENCH_NETNS=1; its rows. */
export function runInOwnNetns(child: string, out: Print): Promise<SummaryRow[]> {
	const args = ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath];
	args.push('--import', 'tsx', '--import', INK_PATCH, child);
	out(`  (in a new network namespace: $ ${commandLine('unshare', args)})`);
	return new Promise((resolve, reject) => {
		const spawned = spawn('unshare', args, {
			env: {...process.env, SOCKTOP_BENCH_NETNS: '1'},
			stdio: ['ignore', 'pipe', 'inherit'],
			shell: false,
		});
		const rows: SummaryRow[] = [];
		let pending = '';
		spawned.stdout.setEncoding('utf8');
		spawned.stdout.on('data', (chunk: string) => {
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines)
				if (line.startsWith('@@row ')) rows.push(JSON.parse(line.slice(6)) as SummaryRow);
				else out(line);
		});
		spawned.once('error', reject);
		spawned.once('close', (code) =>
			code === 0 ? resolve(rows) : reject(new Error(`the namespaced run exited with ${code}`)),
		);
	});
}
