import assert from 'node:assert/strict';
import {mkdtemp, readdir, readFile, rm} from 'node:fs/promises';
import {request} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
	createMetricsHandler,
	createScrape,
	type RunningServer,
	startServer,
} from '../../source/cli/exporter-server.js';
import {runMetricsOnce} from '../../source/cli/run-metrics-once.js';
import {SourceError} from '../../source/sources/source.js';
import type {PollStats} from '../../source/store/poll-store.js';
import type {Snapshot} from '../../source/store/snapshot.js';
import {capture} from '../helpers/capture.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';
import {rowOf, snapshotOf} from '../helpers/snapshots.js';

const listener = rec({localAddress: '0.0.0.0', localPort: 22, pid: 1, process: 'sshd'});
const gone = rec({localAddress: '0.0.0.0', localPort: 23, pid: 2, process: 'telnetd'});

function fakeStore(snapshot: Snapshot, stats: Partial<PollStats> = {}) {
	const store = {
		snapshot,
		stats: {polls: 4, failures: 1, lastDurationMs: 12, lastPollAt: 0, inFlight: false, ...stats} as PollStats,
		getSnapshot: () => store.snapshot,
		getStats: () => store.stats,
	};
	return store;
}

describe('createScrape', () => {
	it('the open rows only (closed rows the dashboard still fades are gone), poll figures with counters', () => {
		const store = fakeStore(snapshotOf([rowOf(listener), rowOf(gone, {status: 'closed'})]));
		const families = createScrape({store, filter: () => true})();
		const listening = families.find((f) => f.name === 'socktop_listening_sockets')!;
		assert.deepEqual(
			listening.samples.map((s) => Object.fromEntries(s.labels).port),
			['22'],
		);
		const figures = Object.fromEntries(families.map((f) => [f.name, f.samples[0]?.value]));
		assert.equal(figures.socktop_poll_success, 1);
		assert.equal(figures.socktop_poll_duration_seconds, 0.012);
		assert.equal(figures.socktop_polls, 4);
		assert.equal(figures.socktop_poll_errors, 1);
	});

	it('before any data: only the poll figures, success 0; a failed poll over old data: the old data, success 0', () => {
		const waiting = createScrape({
			store: fakeStore(snapshotOf([], {lastGoodAt: null, loading: true})),
			filter: () => true,
		})();
		assert.deepEqual(
			waiting.map((f) => f.name),
			['socktop_poll_success', 'socktop_poll_duration_seconds', 'socktop_polls', 'socktop_poll_errors'],
		);
		assert.equal(waiting[0]!.samples[0]!.value, 0);
		const stale = createScrape({
			store: fakeStore(snapshotOf([rowOf(listener)], {error: 'procfs did not answer', stale: true})),
			filter: () => true,
		})();
		assert.ok(stale.some((f) => f.name === 'socktop_listening_sockets' && f.samples.length === 1));
		assert.equal(stale.find((f) => f.name === 'socktop_poll_success')!.samples[0]!.value, 0);
	});

	it('applies the filter; works the socket families out once per snapshot', () => {
		const store = fakeStore(snapshotOf([rowOf(listener), rowOf(gone)]));
		let calls = 0;
		const scrape = createScrape({
			store,
			filter: (r) => {
				calls++;
				return r.localPort === 22;
			},
		});
		const first = scrape();
		assert.equal(first.find((f) => f.name === 'socktop_listening_sockets')!.samples.length, 1);
		scrape();
		assert.equal(calls, 2, 'the same snapshot: not filtered again');
		store.snapshot = snapshotOf([rowOf(listener)]);
		scrape();
		assert.equal(calls, 3);
	});
});

interface Answer {
	status: number;
	type: string | undefined;
	body: string;
	allow: string | undefined;
}

function ask(url: string, options: {method?: string; accept?: string} = {}): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: options.method ?? 'GET',
				headers: options.accept ? {Accept: options.accept} : {},
				agent: false,
			},
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => {
					body += chunk;
				});
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						type: res.headers['content-type'],
						body,
						allow: res.headers.allow,
					}),
				);
			},
		);
		req.on('error', reject);
		req.end();
	});
}

describe('the exporter over loopback (fake store)', () => {
	let running: RunningServer;
	before(async () => {
		const store = fakeStore(snapshotOf([rowOf(listener)]));
		running = await startServer(
			{host: '127.0.0.1', port: 0, loopback: true},
			createMetricsHandler({store, filter: () => true}),
		);
	});
	after(() => running.close());

	it('says where it listens: the real port when 0 was asked for', () => {
		assert.match(running.url, /^http:\/\/127\.0\.0\.1:[1-9]\d*\/metrics$/);
	});

	it('GET /metrics: 0.0.4 for a plain client, OpenMetrics when asked; a query string is ignored', async () => {
		const plain = await ask(running.url);
		assert.equal(plain.status, 200);
		assert.equal(plain.type, 'text/plain; version=0.0.4; charset=utf-8');
		assert.match(
			plain.body,
			/^socktop_listening_sockets\{proto="tcp",address="0\.0\.0\.0",port="22",process="sshd",exposure="all"\} 1$/m,
		);
		const open = await ask(`${running.url}?x=1`, {accept: 'application/openmetrics-text; version=1.0.0'});
		assert.equal(open.type, 'application/openmetrics-text; version=1.0.0; charset=utf-8');
		assert.ok(open.body.endsWith('# EOF\n'));
	});

	it('HEAD: headers only; other methods 405; other paths 404', async () => {
		const head = await ask(running.url, {method: 'HEAD'});
		assert.equal(head.status, 200);
		assert.equal(head.body, '');
		const post = await ask(running.url, {method: 'POST'});
		assert.equal(post.status, 405);
		assert.equal(post.allow, 'GET, HEAD');
		for (const path of ['/', '/metrics.txt', '/Metrics', '/metrics/x'])
			assert.equal((await ask(running.url.replace(/\/metrics$/, path))).status, 404, path);
	});

	it('a port in use: the listen error, not a crash', async () => {
		const port = Number(new URL(running.url).port);
		await assert.rejects(
			startServer({host: '127.0.0.1', port, loopback: true}, () => {}),
			/EADDRINUSE/,
		);
	});
});

describe('runMetricsOnce', () => {
	let dir = '';
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'smx-once-'));
	});
	after(() => rm(dir, {recursive: true, force: true}));

	it('a read: the exposition on stdout, exit 0', async () => {
		const out = capture();
		const err = capture();
		const code = await runMetricsOnce(
			new FakeSource([{records: [listener]}]),
			{format: 'openmetrics', filter: '', timeoutMs: 5000, output: null},
			{stdout: out.stream, stderr: err.stream},
		);
		assert.equal(code, 0);
		assert.match(out.text(), /^socktop_poll_success 1$/m);
		assert.match(out.text(), /port="22",process="sshd"/);
		assert.equal(err.text(), '');
	});

	it('a failed read still writes the poll figures (success 0, no socket families) to the file, says why, exit 1', async () => {
		const target = join(dir, 'socktop.prom');
		const err = capture();
		const code = await runMetricsOnce(
			new FakeSource([{error: new SourceError('EACCES', 'cannot read /proc/net/tcp')}]),
			{format: 'prometheus', filter: '', timeoutMs: 5000, output: target},
			{stdout: capture().stream, stderr: err.stream},
		);
		assert.equal(code, 1);
		assert.equal(err.text(), 'socktop: cannot read /proc/net/tcp\n');
		const text = await readFile(target, 'utf8');
		assert.match(text, /^socktop_poll_success 0$/m);
		assert.doesNotMatch(text, /socktop_sockets/);
		assert.deepEqual(await readdir(dir), ['socktop.prom'], 'no temporary file left');
	});

	it('a source that hangs: bounded by the timeout', async () => {
		const err = capture();
		const code = await runMetricsOnce(
			new FakeSource([{hang: true, ignoreAbort: true}]),
			{format: 'openmetrics', filter: '', timeoutMs: 50, output: null},
			{stdout: capture().stream, stderr: err.stream},
		);
		assert.equal(code, 1);
		assert.match(err.text(), /did not answer within 50 ms/);
	});
});
