// One `--host`: one long-lived ssh channel (never one ssh per poll) running the remote
// command of remote-script.ts, the host's current table, its state for the header, and
// reconnection with exponential backoff (capped) whenever the channel ends.
import {randomBytes} from 'node:crypto';
import {type Clock, systemClock} from '../../model/clock.js';
import type {HostState, HostStatus} from '../../model/host-status.js';
import type {SocketRecord} from '../../model/socket-record.js';
import {STREAM_PROTOCOL} from '../../model/stream-protocol.js';
import {parseNetstat} from '../netstat/parse-netstat.js';
import {parseSs, parseUserNames} from './parse-ss.js';
import {type FrameEvent, FrameReader, platformOf, type RemoteMode} from './remote-frames.js';
import {parseRemoteEvent} from './remote-json.js';
import {remoteCommand} from './remote-script.js';
import type {SshCapability, SshChannel} from './ssh-capability.js';

export interface LinkOptions {
	readonly ssh: SshCapability;
	readonly intervalMs: number;
	readonly clock?: Clock;
	/** First reconnection delay and its cap (ms): 1 s doubling to 30 s by default. */
	readonly backoffMs?: number;
	readonly backoffCapMs?: number;
	/** The command shown for a host-key or login failure. */
	readonly manualCommand: (dest: string) => string;
}

const STDERR_KEPT = 4096;

/** What ssh's stderr says went wrong (BatchMode messages, OpenSSH 9.2). */
export function classifySshFailure(stderr: string): HostState | null {
	if (
		/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No \S+ host key is known/i.test(
			stderr,
		)
	)
		return 'host-key';
	// The login's refusal lists the methods tried: `root@10.0.0.2: Permission denied (publickey).`
	// A file ssh cannot read is not a login failure (as nobody: `Can't open user config file
	// /root/.ssh/config: Permission denied` was shown as "auth failed").
	if (/Permission denied \(|Too many authentication failures/i.test(stderr)) return 'auth-failed';
	return null;
}

const lastLine = (text: string) =>
	text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '' && !line.startsWith('Warning: Permanently added'))
		.at(-1) ?? null;

export class HostLink {
	private readonly clock: Clock;
	private channel: SshChannel | null = null;
	private timer: unknown = null;
	private stopped = false;
	private attempt = 0;
	private tryRemoteSocktop = true;
	private mode: RemoteMode | null = null;
	private hadData = false;
	/** The table shown (the last full one, kept while the link is down). */
	private table: readonly SocketRecord[] = [];
	/** A remote socktop's table as its events build it (shown once it has synced). */
	private events = new Map<string, SocketRecord>();
	private synced = false;
	private state: HostState = 'connecting';
	private since: number;
	private retryAt: number | null = null;
	private message: string | null = null;
	private settle: (() => void) | null = null;
	/** Resolves once the first table came or the first attempt failed. */
	readonly settled: Promise<void>;
	/** Bumped whenever the table or the status changed. */
	version = 0;
	/** Lines the readers could not use. */
	skippedLines = 0;
	private readonly listeners = new Set<() => void>();

	constructor(
		readonly dest: string,
		private readonly options: LinkOptions,
	) {
		this.clock = options.clock ?? systemClock;
		this.since = this.clock.now();
		this.settled = new Promise((resolve) => {
			this.settle = resolve;
		});
	}

	start(): void {
		if (this.channel === null && this.timer === null && !this.stopped) this.connect();
	}

	stop(): void {
		this.stopped = true;
		if (this.timer !== null) this.clock.clearTimeout(this.timer);
		this.timer = null;
		this.channel?.kill();
		this.channel = null;
		this.settle?.();
	}

	/** Called after every change of table or status. */
	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	records(): readonly SocketRecord[] {
		return this.table;
	}

	status(): HostStatus {
		const failed = this.state === 'auth-failed' || this.state === 'host-key';
		return {
			host: this.dest,
			state: this.state,
			mode: this.modeText(),
			since: this.since,
			retryAt: this.retryAt,
			message: this.message,
			command: failed ? this.options.manualCommand(this.dest) : null,
			pids: this.mode === null || this.mode.kind === 'socktop' || this.mode.os === 'Linux',
		};
	}

	private modeText(): string | null {
		if (this.mode === null) return null;
		if (this.mode.kind === 'socktop') return this.synced ? 'socktop' : 'ss, socktop syncing';
		return `${this.mode.tool}, ${this.mode.os}`;
	}

	private changed(): void {
		this.version++;
		for (const listener of this.listeners) listener();
	}

	private setState(state: HostState): void {
		if (state !== this.state) {
			this.state = state;
			this.since = this.clock.now();
		}
	}

	private connect(): void {
		this.timer = null;
		this.retryAt = null;
		const marker = `@@socktop-${randomBytes(6).toString('hex')}`;
		const reader = new FrameReader(marker);
		this.mode = null;
		this.events = new Map();
		this.synced = false;
		let expectHello = false;
		let stderr = '';
		const channel = this.options.ssh.open(
			this.dest,
			remoteCommand({marker, intervalMs: this.options.intervalMs, tryRemoteSocktop: this.tryRemoteSocktop}),
		);
		this.channel = channel;
		// A host in trouble says the new attempt is under way: its header part read
		// `reconnecting in 1 s` through a blackholed attempt's 15 s (tmux, 160×50).
		if (this.state !== 'connecting') this.changed();
		const handle = (event: FrameEvent) => {
			if (this.channel !== channel) return;
			switch (event.type) {
				case 'mode':
					this.mode = event.mode;
					expectHello = event.mode.kind === 'socktop';
					return;
				case 'table':
					return this.applyTable(event.parts);
				case 'json': {
					const parsed = parseRemoteEvent(event.line, this.dest);
					if (expectHello) {
						expectHello = false;
						if (parsed?.type !== 'hello' || parsed.protocol !== STREAM_PROTOCOL) {
							// An older or newer socktop: read this host with the fallback instead, now.
							this.tryRemoteSocktop = false;
							this.message = `remote socktop speaks another protocol: using ${'the fallback'}`;
							this.channel = null;
							channel.kill();
							this.connect();
						}
						return;
					}
					if (parsed === null) {
						this.skippedLines++;
						return;
					}
					if (parsed.type === 'upsert') this.events.set(parsed.key, parsed.record);
					else if (parsed.type === 'close') this.events.delete(parsed.key);
					else if (parsed.type === 'sync') this.synced = true;
					if (this.synced) this.applyEvents();
					return;
				}
			}
		};
		channel.stdout.setEncoding('utf8');
		channel.stdout.on('data', (chunk: string) => {
			for (const event of reader.push(chunk)) handle(event);
		});
		channel.stderr.setEncoding('utf8');
		channel.stderr.on('data', (chunk: string) => {
			stderr = (stderr + chunk).slice(-STDERR_KEPT);
		});
		channel.onExit((code) => {
			if (this.channel !== channel) return;
			this.channel = null;
			this.failed(stderr, code);
		});
	}

	private applyTable(parts: readonly string[]): void {
		const mode = this.mode;
		if (mode === null) return;
		// A remote socktop's link sends one ss table first, shown until its events have synced.
		if (mode.kind === 'socktop' && this.synced) return;
		const records: SocketRecord[] = [];
		if (mode.kind === 'socktop' || mode.tool === 'ss') {
			// A remote socktop's first table comes with the host's user names (remote-script.ts).
			const parsed = parseSs(parts[0] ?? '', mode.kind === 'socktop' ? parseUserNames(parts[1] ?? '') : null);
			this.skippedLines += parsed.skippedLines;
			records.push(...parsed.records);
		} else {
			const platform = platformOf(mode.os);
			for (const part of parts) {
				if (platform === null) break;
				const parsed = parseNetstat(platform, part);
				this.skippedLines += parsed.skipped;
				records.push(...parsed.records);
			}
		}
		this.table = records.map((record) => ({...record, host: this.dest}));
		this.live();
	}

	private applyEvents(): void {
		this.table = [...this.events.values()];
		this.live();
	}

	private live(): void {
		this.hadData = true;
		this.attempt = 0;
		this.message = null;
		this.setState('live');
		this.settle?.();
		this.changed();
	}

	private failed(stderr: string, code: number | null): void {
		if (this.stopped) return;
		const kind = classifySshFailure(stderr);
		this.message = lastLine(stderr) ?? (code === null ? 'ssh was killed' : `ssh exited with ${code}`);
		this.setState(kind ?? (this.hadData ? 'stale' : 'failed'));
		const base = this.options.backoffMs ?? 1000;
		const cap = this.options.backoffCapMs ?? 30_000;
		const delay = Math.min(cap, base * 2 ** this.attempt);
		this.attempt++;
		this.retryAt = this.clock.now() + delay;
		this.timer = this.clock.setTimeout(() => this.connect(), delay);
		this.settle?.();
		this.changed();
	}
}
