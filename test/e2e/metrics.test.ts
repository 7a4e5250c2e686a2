// The real outputs of `socktop --once --format openmetrics|prometheus` and of `socktop
// exporter`, checked by the Prometheus project's own linter (`promtool check metrics`, which
// reads the 0.0.4 text format) and by the reference client's strict OpenMetrics parser, with a
// process on this machine whose name holds a double quote, a backslash and a line feed.
import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm, stat} from 'node:fs/promises';
import {Agent, get, type IncomingHttpHeaders} from 'node:http';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {
	HAS_PY_CLIENT,
	HOSTILE_LISTENER,
	missing,
	PROMTOOL,
	PYTHON,
	parseOpenMetrics,
	promtoolFindings,
} from './helpers/metrics-tools.js';
import {assertBuilt, CLI_PATH, NODE, NOT_LINUX, REPO_ROOT} from './helpers/paths.js';
import {Child, run} from './helpers/process.js';
import {STARTUP_MS, waitFor} from './helpers/wait.js';

/** 12 bytes, within comm's 15: a quote, a backslash, a line feed, braces and a hash. */
const HOSTILE_NAME = 'sm"x\\y\nz}{ #';
const ESCAPED = 'sm\\"x\\\\y\\nz}{ #';
const TRACER = fileURLToPath(new URL('./helpers/trace-loads.mjs', import.meta.url));

let dir = '';
let hostile: Child | null = null;
let hostilePort = 0;

before(async () => {
	if (NOT_LINUX) return;
	assertBuilt();
	dir = await mkdtemp(join(tmpdir(), 'smx-metrics-'));
	hostile = new Child(PYTHON, [HOSTILE_LISTENER, HOSTILE_NAME]);
	const line = await waitFor('the hostile listener', () => hostile!.lines()[0], {timeoutMs: STARTUP_MS});
	const ready = JSON.parse(line) as {port: number; comm: string};
	assert.equal(ready.comm, HOSTILE_NAME, 'the kernel kept the whole name');
	hostilePort = ready.port;
});
after(async () => {
	await hostile?.stop();
	if (dir) await rm(dir, {recursive: true, force: true});
});

// `--netns host`: the hostile listener's namespace. The metrics carry no namespace label, and
// another namespace (other tests listen in theirs) may have a listener with the same port.
const once = (args: readonly string[]) =>
	run(NODE, [CLI_PATH, '--once', '--netns', 'host', ...args], {
		cwd: REPO_ROOT,
		env: {...process.env, NO_COLOR: '1'},
		timeoutMs: 90_000,
	});

const hostileLine = (text: string) =>
	text
		.split('\n')
		.find((line) => line.includes(`port="${hostilePort}"`) && line.startsWith('socktop_listening_sockets'));

describe('socktop --once --format openmetrics|prometheus', {skip: NOT_LINUX}, () => {
	it('OpenMetrics: the hostile name escaped, promtool finds nothing, the strict parser reads the name back', async (t) => {
		const result = await once(['--format', 'openmetrics']);
		assert.equal(result.code, 0, result.stderr);
		assert.ok(result.stdout.endsWith('# EOF\n'));
		assert.equal(
			hostileLine(result.stdout),
			`socktop_listening_sockets{proto="tcp",address="127.0.0.1",port="${hostilePort}",process="${ESCAPED}",exposure="loopback"} 1`,
		);
		if (!missing(t, PROMTOOL !== null, 'promtool', 'prometheus')) {
			assert.deepEqual(promtoolFindings(result.stdout), {status: 0, output: ''});
		}
		if (!missing(t, HAS_PY_CLIENT, 'the Python OpenMetrics parser', 'python3-prometheus-client')) {
			const families = parseOpenMetrics(result.stdout);
			const listening = families.find((f) => f.name === 'socktop_listening_sockets')!;
			const sample = listening.samples.find((s) => s.labels.port === String(hostilePort));
			assert.equal(sample?.labels.process, HOSTILE_NAME, 'the parser reads back the exact name');
			assert.equal(families.find((f) => f.name === 'socktop_poll_duration_seconds')?.unit, 'seconds');
			assert.equal(families.find((f) => f.name === 'socktop_poll_success')?.samples[0]?.value, 1);
		}
	});

	it('Prometheus 0.0.4: promtool finds nothing', async (t) => {
		const result = await once(['--format', 'prometheus']);
		assert.equal(result.code, 0, result.stderr);
		assert.doesNotMatch(result.stdout, /# EOF|# UNIT/);
		assert.match(
			hostileLine(result.stdout) ?? '',
			new RegExp(`process="${ESCAPED.replace(/[\\{}]/g, '\\$&')}"`),
		);
		if (missing(t, PROMTOOL !== null, 'promtool', 'prometheus')) return;
		assert.deepEqual(promtoolFindings(result.stdout), {status: 0, output: ''});
	});

	it('--output writes the file through a rename: nothing else left in the directory, readable by the collector', async () => {
		const target = join(dir, 'socktop.prom');
		const result = await once(['--format', 'openmetrics', '--output', target]);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, '', 'nothing on stdout');
		assert.deepEqual(await readdir(dir), ['socktop.prom']);
		const text = await readFile(target, 'utf8');
		assert.ok(hostileLine(text), 'the same exposition');
		assert.ok(text.endsWith('# EOF\n'));
		assert.equal((await stat(target)).mode & 0o044, 0o044, 'group and others may read it');
	});

	it('--output into a directory that does not exist: one line, exit 1', async () => {
		const result = await once(['--format', 'openmetrics', '--output', join(dir, 'nope', 'socktop.prom')]);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /^socktop: --output .*nope\/socktop\.prom: .*ENOENT.*\n$/);
	});
});

interface Response {
	readonly status: number;
	readonly headers: IncomingHttpHeaders;
	readonly body: string;
}

function request(url: string, accept?: string, agent?: Agent): Promise<Response> {
	return new Promise((resolve, reject) => {
		const req = get(
			url,
			{headers: accept ? {Accept: accept} : {}, agent: agent ?? false, timeout: 20_000},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					body += chunk;
				});
				res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}));
			},
		);
		req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
		req.on('error', reject);
	});
}

const PROMETHEUS_ACCEPT =
	'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

async function startExporter(trace: string): Promise<{child: Child; url: string}> {
	const child = new Child(
		NODE,
		['--import', TRACER, CLI_PATH, 'exporter', '--listen', '127.0.0.1:0', '--interval', '500'],
		{
			cwd: REPO_ROOT,
			env: {...process.env, SOCKTOP_TRACE_LOADS: trace},
		},
	);
	const url = await waitFor(
		'the exporter to listen',
		() => /serving (http:\/\/\S+)/.exec(child.stderr)?.[1],
		{
			timeoutMs: STARTUP_MS,
			describe: () => child.stderr,
		},
	);
	return {child, url};
}

describe('socktop exporter', {skip: NOT_LINUX}, () => {
	it('serves /metrics over loopback in both formats, 404 elsewhere, and stops cleanly on SIGTERM', async (t) => {
		const trace = join(dir, 'exporter-loads.txt');
		const {child, url} = await startExporter(trace);
		t.after(() => child.stop('SIGKILL'));
		assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

		const plain = await waitFor(
			'a scrape with the hostile listener',
			async () => {
				const response = await request(url);
				return hostileLine(response.body) && response.body.includes('socktop_poll_success 1')
					? response
					: false;
			},
			{timeoutMs: STARTUP_MS, describe: () => child.stderr},
		);
		assert.equal(plain.status, 200);
		assert.equal(plain.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
		assert.match(plain.body, /^# TYPE socktop_polls_total counter$/m);
		assert.ok(hostileLine(plain.body)?.includes(`process="${ESCAPED}"`));

		const open = await request(url, PROMETHEUS_ACCEPT);
		assert.equal(open.status, 200);
		assert.equal(open.headers['content-type'], 'application/openmetrics-text; version=1.0.0; charset=utf-8');
		assert.ok(open.body.endsWith('# EOF\n'));
		assert.match(open.body, /^# TYPE socktop_polls counter\nsocktop_polls_total \d+$/m);

		for (const path of ['/', '/metrics/', '/favicon.ico'])
			assert.equal((await request(url.replace(/\/metrics$/, path))).status, 404, path);

		if (!missing(t, PROMTOOL !== null, 'promtool', 'prometheus'))
			assert.deepEqual(promtoolFindings(plain.body), {status: 0, output: ''});
		if (!missing(t, HAS_PY_CLIENT, 'the Python OpenMetrics parser', 'python3-prometheus-client')) {
			const families = parseOpenMetrics(open.body);
			const polls = families.find((f) => f.name === 'socktop_polls');
			assert.equal(polls?.type, 'counter');
			const listening = families.find((f) => f.name === 'socktop_listening_sockets')!;
			// The exporter reads every namespace: another may have a listener on this port too, so
			// the hostile name must be read back on one of that port's samples.
			const onPort = listening.samples.filter((s) => s.labels.port === String(hostilePort));
			assert.ok(
				onPort.some((s) => s.labels.process === HOSTILE_NAME),
				JSON.stringify(onPort.map((s) => s.labels)),
			);
		}

		// A keep-alive connection left open must not hold the stop up.
		const agent = new Agent({keepAlive: true});
		t.after(() => agent.destroy());
		assert.equal((await request(url, undefined, agent)).status, 200);
		const port = Number(new URL(url).port);
		child.process.kill('SIGTERM');
		const exit = await child.waitExit(15_000);
		assert.deepEqual(exit, {code: 0, signal: null}, child.stderr);
		assert.match(child.stderr, /socktop exporter: stopped\n$/);
		const refused = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(false);
			});
			socket.once('error', () => resolve(true));
		});
		assert.ok(refused, 'nothing listens on the port any more');

		const loaded = await readFile(trace, 'utf8');
		const texts = await Promise.all(
			[...new Set(loaded.split('\n').filter(Boolean))].map((file) => readFile(fileURLToPath(file), 'utf8')),
		);
		assert.doesNotMatch(texts.join('\n'), /react\.transitional\.element|yoga/, 'never React, Ink or yoga');
	});

	it('stops cleanly on SIGINT too', async (t) => {
		const {child} = await startExporter(join(dir, 'exporter-sigint.txt'));
		t.after(() => child.stop('SIGKILL'));
		child.process.kill('SIGINT');
		assert.deepEqual(await child.waitExit(15_000), {code: 0, signal: null}, child.stderr);
	});

	it('refuses a listen address that is not an IP literal, or one that means every interface without saying so', async () => {
		for (const listen of [':9464', 'localhost:9464', '[::1]:99999']) {
			const result = await run(NODE, [CLI_PATH, 'exporter', '--listen', listen], {cwd: REPO_ROOT});
			assert.equal(result.code, 2, listen);
			assert.match(result.stderr, /^socktop: --listen[^\n]*\n$/, listen);
		}
	});
});
