// A fake `netstat` (a small sh script in a temp dir put first on PATH) for driving the
// real netstat source, child processes included, through its failure modes.
//
// Every run of the script appends `start PID N` (and `end PID N` when it gets to the
// end) to a log, N counting runs from 1, and checks on start that the run before it
// is no longer alive: a second run starting while the first still runs is an overlap,
// written to the `overlaps` file. The body decides what this run does; it sees `$n`
// (this run's number) and `$state` (the temp dir).
import {chmod, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {pidsMatching} from '../../e2e/helpers/process.js';

/** Real net-tools output (`netstat -tunapWe` as root), the good answer of the fake. */
export const GOOD_OUTPUT_PATH = fileURLToPath(
	new URL('../../fixtures/netstat/linux/tunapWe-root.txt', import.meta.url),
);

/** The port of the extra listener line a good run adds, so each good run's data differs. */
export const runPort = (n: number) => 40_000 + n;

/** sh: prints the fixture plus one listener whose port says which run printed it. */
export const GOOD_BODY = [
	'/bin/cat "$state/good.txt"',
	`printf 'tcp        0      0 127.0.0.1:%d         0.0.0.0:*               LISTEN      0          %d       4242/fakesrv\\n' $((40000 + n)) $((900000 + n))`,
].join('\n');

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

export interface LogEntry {
	readonly event: 'start' | 'end';
	readonly pid: number;
	readonly n: number;
}

export class FakeNetstat {
	private savedPath: string | undefined;
	private installed = false;

	private constructor(
		/** Holds everything: the bin dir, the log, the state files. Unique per fake. */
		readonly dir: string,
		readonly binDir: string,
	) {}

	/** A fake whose runs do `body` (sh). The fake is not on PATH until `install`. */
	static async create(body: string): Promise<FakeNetstat> {
		const dir = await mkdtemp(join(tmpdir(), 'sktp-fake-netstat-'));
		const binDir = join(dir, 'bin');
		await mkdir(binDir);
		const fake = new FakeNetstat(dir, binDir);
		await writeFile(join(dir, 'good.txt'), await readFile(GOOD_OUTPUT_PATH, 'utf8'));
		await fake.setBody(body);
		return fake;
	}

	get scriptPath(): string {
		return join(this.binDir, 'netstat');
	}

	/** Rewrites what the next runs do (runs so far keep counting). */
	async setBody(body: string, mode = 0o755): Promise<void> {
		const script = [
			'#!/bin/sh',
			'# A fake netstat for socktop tests (test/hardening/helpers/fake-netstat.ts).',
			`state=${quote(this.dir)}`,
			'prev=$(/bin/cat "$state/running" 2>/dev/null)',
			// The run before: still alive (not a zombie) and one of ours (its PATH names this dir)?
			'if [ -n "$prev" ] && /bin/grep -qF "$state" "/proc/$prev/environ" 2>/dev/null; then',
			'  st=$(/bin/sed -n \'s/^.*) \\(.\\).*$/\\1/p\' "/proc/$prev/stat" 2>/dev/null)',
			'  case "$st" in',
			"    ''|Z|X) ;;",
			'    *) echo "run $$ started while run $prev was still alive (state $st)" >> "$state/overlaps" ;;',
			'  esac',
			'fi',
			'echo $$ > "$state/running"',
			'n=$(( $(/bin/cat "$state/count" 2>/dev/null || echo 0) + 1 ))',
			'echo $n > "$state/count"',
			'echo "start $$ $n" >> "$state/log"',
			'finish() { echo "end $$ $n" >> "$state/log"; exit "$1"; }',
			body,
			'finish 0',
			'',
		].join('\n');
		await writeFile(this.scriptPath, script);
		await chmod(this.scriptPath, mode);
	}

	/**
	 * Puts the fake's dir first on PATH (`only`: the only entry, so no real netstat
	 * can be found behind it). The netstat source reads PATH at every poll.
	 */
	install(only = false): void {
		if (!this.installed) this.savedPath = process.env.PATH;
		this.installed = true;
		process.env.PATH = only ? this.binDir : `${this.binDir}:${this.savedPath ?? '/usr/bin:/bin'}`;
	}

	async log(): Promise<LogEntry[]> {
		const text = await readFile(join(this.dir, 'log'), 'utf8').catch(() => '');
		return text
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => {
				const [event, pid, n] = line.split(' ');
				return {event: event as 'start' | 'end', pid: Number(pid), n: Number(n)};
			});
	}

	/** How many runs have started. */
	async runs(): Promise<number> {
		return (await this.log()).filter((entry) => entry.event === 'start').length;
	}

	/** What the runs found about overlapping runs ('' = never two alive at once). */
	overlaps(): Promise<string> {
		return readFile(join(this.dir, 'overlaps'), 'utf8').catch(() => '');
	}

	/** Live processes of this fake: its runs and anything they started (found by the dir in PATH). */
	alive(): number[] {
		return pidsMatching(this.dir);
	}

	/** Puts PATH back, kills whatever of the fake is left, removes the dir. Idempotent. */
	async cleanup(): Promise<void> {
		if (this.installed) {
			if (this.savedPath === undefined) delete process.env.PATH;
			else process.env.PATH = this.savedPath;
			this.installed = false;
		}
		for (const pid of this.alive()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Gone meanwhile.
			}
		}
		await rm(this.dir, {recursive: true, force: true});
	}
}
