import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Predicate} from '../filter/filter.js';
import {CONTENT_TYPE, type MetricFamily, renderExposition} from '../metrics/exposition.js';
import {negotiateFormat} from '../metrics/negotiate.js';
import {DEFAULT_CAPS, type MetricCaps, pollFamilies, socketFamilies} from '../metrics/socket-metrics.js';
import type {PollStore} from '../store/poll-store.js';
import type {Snapshot} from '../store/snapshot.js';
import type {ListenAddress} from './exporter-args.js';

export interface MetricsHandlerOptions {
	readonly store: Pick<PollStore, 'getSnapshot' | 'getStats'>;
	readonly filter: Predicate;
	readonly caps?: MetricCaps;
}

/**
 * The families of a scrape: the sockets of the store's snapshot (its open rows; the rows it
 * keeps a few seconds after they closed, for the dashboard, are gone for Prometheus) and the
 * poll's figures. The socket families are worked out once per snapshot: the store returns the
 * same snapshot object while nothing changed, so repeated scrapes of a quiet machine cost
 * only the rendering.
 */
export function createScrape(options: MetricsHandlerOptions): () => MetricFamily[] {
	let cached: {snapshot: Snapshot; families: MetricFamily[]} | null = null;
	return () => {
		const snapshot = options.store.getSnapshot();
		if (cached?.snapshot !== snapshot) {
			const families =
				snapshot.lastGoodAt === null
					? [] // no data yet: only the poll figures say so
					: socketFamilies(
							snapshot.rows
								.filter((row) => row.status !== 'closed' && options.filter(row.record))
								.map((row) => row.record),
							options.caps ?? DEFAULT_CAPS,
						);
			cached = {snapshot, families};
		}
		const stats = options.store.getStats();
		return [
			...cached.families,
			...pollFamilies({
				success: snapshot.lastGoodAt !== null && snapshot.error === null,
				durationMs: stats.lastDurationMs,
				counters: {polls: stats.polls, errors: stats.failures},
			}),
		];
	};
}

/** GET or HEAD /metrics (any query string) in the format the Accept header asks for; 404 elsewhere. */
export function createMetricsHandler(
	options: MetricsHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
	const scrape = createScrape(options);
	return (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (path !== '/metrics') {
			res.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'});
			res.end('Not found: the metrics are at /metrics\n');
			return;
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, {Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8'});
			res.end('Method not allowed: GET /metrics\n');
			return;
		}
		const format = negotiateFormat(req.headers.accept);
		const body = renderExposition(scrape(), format);
		res.writeHead(200, {
			'Content-Type': CONTENT_TYPE[format],
			'Content-Length': Buffer.byteLength(body),
			'Cache-Control': 'no-store',
		});
		res.end(req.method === 'HEAD' ? undefined : body);
	};
}

export interface RunningServer {
	readonly server: Server;
	/** Where it listens: the real port when 0 was asked for. */
	readonly url: string;
	/** Stops accepting, lets requests in flight finish (at most GRACEMS), then closes every connection. */
	close(graceMs?: number): Promise<void>;
}

/** Listens on LISTEN; rejects with the listen error (EADDRINUSE, EACCES, EADDRNOTAVAIL). */
export function startServer(
	listen: ListenAddress,
	handler: Parameters<typeof createServer>[1],
): Promise<RunningServer> {
	const server = createServer(handler);
	// A scrape is one short request; a client that dawdles is not kept waiting on for long.
	server.requestTimeout = 10_000;
	server.headersTimeout = 10_000;
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({host: listen.host, port: listen.port}, () => {
			server.off('error', reject);
			const {port} = server.address() as AddressInfo;
			const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
			resolve({
				server,
				url: `http://${host}:${port}/metrics`,
				close(graceMs = 2000) {
					return new Promise<void>((done) => {
						const timer = setTimeout(() => server.closeAllConnections(), graceMs);
						server.close(() => {
							clearTimeout(timer);
							done();
						});
						server.closeIdleConnections();
					});
				},
			});
		});
	});
}
