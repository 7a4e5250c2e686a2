// A load generator for the cold-read checks: loopback connection churn at a steady rate
// (bench/churn-child.mjs) and busy loops that keep cores occupied, all bounded in time.
// With held connections (bench/connections.ts) it makes the "busy server" of issue 9:
//   node --import tsx bench/load.ts [connections=10000] [rate=600] [busy=2] [seconds=60]
// holds the connections, churns, and stops by itself after `seconds` (or on Ctrl-C).
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {holdConnections, killAllHolders} from './connections.js';
import {commandLine, describeSocketCount, type Print, print} from './lib.js';

const CHURN = fileURLToPath(new URL('./churn-child.mjs', import.meta.url));
// A busy loop that ends by itself: no child outlives its bound even if this process dies.
const SPIN = 'const end = Date.now() + Number(process.argv[1]) * 1000; while (Date.now() < end);';

export interface LoadOptions {
	/** Connections opened (and closed) per second. */
	readonly rate: number;
	/** Busy-loop processes. */
	readonly busy: number;
	/** Upper bound on the load's life. */
	readonly seconds: number;
}

export interface Load {
	/** Stops everything; resolves with what the churn child did. */
	stop(): Promise<{opened: number; seconds: number}>;
}

export async function startLoad(options: LoadOptions, out: Print): Promise<Load> {
	const churnArgs = [CHURN, String(options.rate), String(options.seconds)];
	out(`  $ ${commandLine('node', churnArgs)}   (churn, bounded to ${options.seconds} s)`);
	const churn = spawn(process.execPath, churnArgs, {stdio: ['pipe', 'pipe', 'inherit'], shell: false});
	churn.stdin.on('error', () => {});
	let output = '';
	churn.stdout.setEncoding('utf8');
	churn.stdout.on('data', (text: string) => {
		output += text;
	});
	const spinners: ChildProcessWithoutNullStreams[] = [];
	if (options.busy > 0)
		out(
			`  $ ${commandLine('node', ['-e', SPIN, String(options.seconds)])}   (× ${options.busy}, busy loops)`,
		);
	for (let i = 0; i < options.busy; i++)
		spinners.push(spawn(process.execPath, ['-e', SPIN, String(options.seconds)], {shell: false}));
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('churn child did not start')), 10_000);
		const check = () => {
			if (/^port \d+/m.test(output)) {
				clearTimeout(timer);
				resolve();
			} else setTimeout(check, 50);
		};
		check();
	});
	const exited = new Promise<void>((resolve) => churn.once('exit', () => resolve()));
	return {
		async stop() {
			for (const spinner of spinners) spinner.kill('SIGKILL');
			churn.stdin.end('close\n');
			const timer = setTimeout(() => churn.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
			const done = /^done (\d+) (\S+)/m.exec(output);
			return {opened: Number(done?.[1] ?? Number.NaN), seconds: Number(done?.[2] ?? Number.NaN)};
		},
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [connections = 10_000, rate = 600, busy = 2, seconds = 60] = process.argv.slice(2).map(Number);
	const held = await holdConnections(connections, print);
	const load = await startLoad({rate, busy, seconds}, print);
	print(`  load running for ${seconds} s; ${describeSocketCount()}`);
	const finish = async () => {
		const churned = await load.stop();
		await held.close();
		print(`  churned ${churned.opened} connections in ${churned.seconds} s`);
		killAllHolders();
		process.exit(0);
	};
	process.once('SIGINT', finish);
	setTimeout(finish, seconds * 1000);
}
