// `npm run bench -- metrics`: `socktop exporter` with 10,000 held loopback connections (20,000
// sockets): how long a scrape takes and how many series it holds, in both formats, against
// spawning `ss -tanH` (what a shell script feeding the textfile collector would run per
// scrape) in the same run; and `--once --format openmetrics` against `ss -tanp`.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {holdConnections} from './connections.js';
import {
	commandLine,
	describeSocketCount,
	median,
	ms,
	type Print,
	percentile,
	ratio,
	type SummaryRow,
	sleep,
	timeProcess,
} from './lib.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const CONNECTIONS = 10_000;
const SCRAPES = 30;
const ROUNDS = 5;
const OPENMETRICS = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5';

async function scrape(url: string, accept?: string): Promise<{ms: number; body: string}> {
	const started = performance.now();
	const response = await fetch(url, {
		headers: accept ? {Accept: accept} : {},
		signal: AbortSignal.timeout(30_000),
	});
	const body = await response.text();
	return {ms: performance.now() - started, body};
}

const seriesOf = (body: string) =>
	body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
const sumOf = (body: string, family: string) =>
	body
		.split('\n')
		.filter((line) => line.startsWith(`${family}{`) || line.startsWith(`${family} `))
		.reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

export async function runMetricsBench(out: Print): Promise<SummaryRow[]> {
	const section = 'metrics @10,000 conns';
	out(
		`## Metrics: socktop exporter and --once --format openmetrics, ${CONNECTIONS.toLocaleString('en-US')} held connections`,
	);
	if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
	const held = await holdConnections(CONNECTIONS, out);
	let exporter: ChildProcess | null = null;
	try {
		out(`  ready in ${(held.setupMs / 1000).toFixed(1)} s; ${describeSocketCount()}`);
		const args = [CLI, 'exporter', '--listen', '127.0.0.1:0'];
		out(`  $ ${commandLine('node', args)}   then ${SCRAPES} GETs per format, one after another`);
		const child = spawn(process.execPath, args, {stdio: ['ignore', 'ignore', 'pipe']});
		exporter = child;
		let stderr = '';
		child.stderr!.setEncoding('utf8');
		child.stderr!.on('data', (text: string) => {
			stderr += text;
		});
		let url: string | undefined;
		for (let waited = 0; !url && waited < 60_000; waited += 100) {
			url = /serving (http:\/\/\S+)/.exec(stderr)?.[1];
			if (!url) await sleep(100);
		}
		if (!url) throw new Error(`the exporter did not start: ${stderr}`);
		// Until its first poll has every held socket.
		let first = await scrape(url);
		for (
			let waited = 0;
			sumOf(first.body, 'socktop_sockets') < 2 * CONNECTIONS && waited < 90_000;
			waited += 500
		) {
			await sleep(500);
			first = await scrape(url);
		}
		const sockets = sumOf(first.body, 'socktop_sockets');
		const plain: number[] = [];
		const open: number[] = [];
		let plainBody = first.body;
		let openBody = '';
		for (let i = 0; i < SCRAPES; i++) {
			const a = await scrape(url);
			plain.push(a.ms);
			plainBody = a.body;
			const b = await scrape(url, OPENMETRICS);
			open.push(b.ms);
			openBody = b.body;
		}
		const pollSeconds = Number(/^socktop_poll_duration_seconds (\S+)$/m.exec(plainBody)?.[1]);
		const ssRuns: number[] = [];
		const onceRuns: number[] = [];
		const ssProcRuns: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			ssRuns.push((await timeProcess('ss', ['-tanH'])).ms);
			ssProcRuns.push((await timeProcess('ss', ['-tanp'])).ms);
			onceRuns.push(
				(await timeProcess(process.execPath, [CLI, '--once', '--format', 'openmetrics'], {timeoutMs: 60_000}))
					.ms,
			);
		}
		const series = seriesOf(plainBody);
		out(
			`  the exporter counts ${sockets.toLocaleString('en-US')} sockets; its poll took ${(pollSeconds * 1000).toFixed(0)} ms`,
		);
		out(
			`  scrape, 0.0.4:       median ${ms(median(plain))}, p95 ${ms(percentile(plain, 95))}; ${series} series, ${Buffer.byteLength(plainBody).toLocaleString('en-US')} bytes`,
		);
		out(
			`  scrape, OpenMetrics: median ${ms(median(open))}, p95 ${ms(percentile(open, 95))}; ${seriesOf(openBody)} series, ${Buffer.byteLength(openBody).toLocaleString('en-US')} bytes`,
		);
		out(`  ss -tanH (spawned):  median ${ms(median(ssRuns))} (${ssRuns.map((v) => v.toFixed(0)).join(' ')})`);
		out(
			`  ss -tanp (spawned):  median ${ms(median(ssProcRuns))} (${ssProcRuns.map((v) => v.toFixed(0)).join(' ')})`,
		);
		out(
			`  socktop --once --format openmetrics: median ${ms(median(onceRuns))} (${onceRuns.map((v) => v.toFixed(0)).join(' ')})`,
		);
		return [
			{
				section,
				goal: 'scrape (0.0.4) vs spawning ss -tanH',
				measured: `${ms(median(plain))} vs ${ms(median(ssRuns))} (${ratio(median(plain) / median(ssRuns))})`,
				verdict: 'info',
			},
			{
				section,
				goal: 'series per scrape bounded (< 1,000)',
				measured: `${series} series for ${sockets.toLocaleString('en-US')} sockets`,
				verdict: series < 1000 ? 'met' : 'NOT met',
			},
			{
				section,
				goal: '--once --format openmetrics vs ss -tanp',
				measured: `${ms(median(onceRuns), 0)} vs ${ms(median(ssProcRuns), 0)} (${ratio(median(onceRuns) / median(ssProcRuns))})`,
				verdict: 'info',
			},
		];
	} finally {
		exporter?.kill('SIGTERM');
		await held.close();
	}
}
