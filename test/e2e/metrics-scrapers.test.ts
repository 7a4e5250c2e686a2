// The consumers the README tells users to hook socktop into, run for real on loopback:
// Prometheus scraping `socktop exporter` (it asks for OpenMetrics and parses it with its own
// parser), and node_exporter's textfile collector reading `--once --output`'s file.
// Fixed ports from this project's test range (28000–28999); socktop's own port is 0.
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {missing, onPath} from './helpers/metrics-tools.js';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

const PROMETHEUS = onPath('prometheus');
const NODE_EXPORTER = onPath('prometheus-node-exporter') ?? onPath('node_exporter');
const PROMETHEUS_PORT = 28090;
const NODE_EXPORTER_PORT = 28100;

let dir = '';
before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	dir = await mkdtemp(join(tmpdir(), 'smx-scrapers-'));
});
after(() => (dir ? rm(dir, {recursive: true, force: true}) : undefined));

async function getText(url: string): Promise<string> {
	const response = await fetch(url, {signal: AbortSignal.timeout(10_000)});
	assert.equal(response.status, 200, url);
	return response.text();
}

describe('real scrapers read socktop', {skip: NOT_LINUX}, () => {
	it('Prometheus scrapes socktop exporter: target up, no scrape error, counters and gauges stored', async (t) => {
		if (missing(t, PROMETHEUS !== null, 'prometheus', 'prometheus')) return;
		const exporter = new Child(
			NODE,
			[CLI_PATH, 'exporter', '--listen', '127.0.0.1:0', '--interval', '1000'],
			{
				cwd: REPO_ROOT,
			},
		);
		t.after(() => exporter.stop());
		const url = await waitFor('the exporter', () => /serving (http:\/\/\S+)/.exec(exporter.stderr)?.[1], {
			timeoutMs: STARTUP_MS,
		});
		const config = join(dir, 'prometheus.yml');
		await writeFile(
			config,
			`global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: socktop\n    static_configs:\n      - targets: ['${new URL(url).host}']\n`,
		);
		const prometheus = new Child(PROMETHEUS!, [
			`--config.file=${config}`,
			`--storage.tsdb.path=${join(dir, 'tsdb')}`,
			`--web.listen-address=127.0.0.1:${PROMETHEUS_PORT}`,
		]);
		t.after(() => prometheus.stop());
		const api = `http://127.0.0.1:${PROMETHEUS_PORT}/api/v1`;
		const target = await waitFor(
			'Prometheus to scrape the exporter',
			async () => {
				const body = JSON.parse(await getText(`${api}/targets`)) as {
					data: {activeTargets: {health: string; lastError: string}[]};
				};
				const found = body.data.activeTargets[0];
				return found && found.health !== 'unknown' ? found : false;
			},
			{timeoutMs: STARTUP_MS, intervalMs: 500, describe: () => prometheus.stderr.slice(-2000)},
		);
		assert.deepEqual(target, {...target, health: 'up', lastError: ''});
		const query = async (expression: string) => {
			const body = JSON.parse(await getText(`${api}/query?query=${encodeURIComponent(expression)}`)) as {
				data: {result: {metric: Record<string, string>; value: [number, string]}[]};
			};
			return body.data.result;
		};
		const polls = await waitFor('socktop_polls_total stored', async () => {
			const result = await query('socktop_polls_total');
			return result.length > 0 ? result : false;
		});
		assert.ok(Number(polls[0]!.value[1]) >= 1);
		assert.ok((await query('socktop_sockets')).length > 0, 'gauges stored');
	});

	it("node_exporter's textfile collector reads the file --once --output writes", async (t) => {
		if (missing(t, NODE_EXPORTER !== null, 'node_exporter', 'prometheus-node-exporter')) return;
		const textfiles = join(dir, 'textfile');
		await run('mkdir', [textfiles]);
		const once = await run(
			NODE,
			[CLI_PATH, '--once', '--format', 'openmetrics', '--output', join(textfiles, 'socktop.prom')],
			{cwd: REPO_ROOT, timeoutMs: 90_000},
		);
		assert.equal(once.code, 0, once.stderr);
		const exporter = new Child(NODE_EXPORTER!, [
			'--collector.disable-defaults',
			'--collector.textfile',
			`--collector.textfile.directory=${textfiles}`,
			`--web.listen-address=127.0.0.1:${NODE_EXPORTER_PORT}`,
		]);
		t.after(() => exporter.stop());
		const text = await waitFor(
			'node_exporter to serve the textfile',
			() => getText(`http://127.0.0.1:${NODE_EXPORTER_PORT}/metrics`).catch(() => false as const),
			{timeoutMs: STARTUP_MS, intervalMs: 300, describe: () => exporter.stderr.slice(-2000)},
		);
		assert.match(text, /^node_textfile_scrape_error 0$/m);
		assert.match(text, /^socktop_poll_success 1$/m);
		assert.match(text, /^socktop_sockets\{/m);
	});
});
