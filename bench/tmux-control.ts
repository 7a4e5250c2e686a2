// One tmux control-mode client (`tmux -C attach`) kept open for a bench section: commands go
// down its stdin and come back as `%begin … %end` blocks, so a `capture-pane` costs the tmux
// server's render (≈ 1 ms) and no process. Each `tmux capture-pane` spawned from a bench
// process cost ≈ 25 ms of CPU and ≈ 26–30 ms of wall (the fork of an 85 MB Node process and a
// tmux client's start; bench/ff1k-cap measured 50 in a row, docs/first-frame.md 2026-12-01
// 04:00), taken on the same 2 cores as the dashboard being timed.
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';

interface Pending {
	readonly resolve: (reply: ControlReply) => void;
}

export interface ControlReply {
	readonly ok: boolean;
	readonly output: string;
}

/** A word of a tmux command line: quoted unless it is plainly safe. */
export function tmuxWord(word: string): string {
	return /^[A-Za-z0-9_./,:=@+-]+$/.test(word) ? word : `"${word.replace(/[\\"$]/g, '\\$&')}"`;
}

export class TmuxControl {
	private readonly pending: Pending[] = [];
	private block: string[] | null = null;
	private buffered = '';
	private exited = false;

	private constructor(private readonly child: ChildProcessWithoutNullStreams) {
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (text: string) => this.read(text));
		child.stdin.on('error', () => {});
		child.once('exit', () => {
			this.exited = true;
			for (const waiter of this.pending.splice(0))
				waiter.resolve({ok: false, output: 'control client exited'});
		});
	}

	/** Attaches to SESSION of the server on SOCKET (`tmux -L SOCKET`). */
	static async open(socket: string, session: string): Promise<TmuxControl> {
		const child = spawn('tmux', ['-L', socket, '-C', 'attach', '-t', session], {shell: false});
		const control = new TmuxControl(child);
		// The attach command's own reply comes first.
		const attached = await new Promise<ControlReply>((resolve) => control.pending.push({resolve}));
		if (!attached.ok) throw new Error(`tmux -C attach failed: ${attached.output}`);
		return control;
	}

	/**
	 * Runs one tmux command line (its words quoted here; a word `;` separates commands, which
	 * tmux then runs together, before it reads any pane's output again); the last command's
	 * output, ok when every command succeeded.
	 */
	async command(words: readonly string[]): Promise<ControlReply> {
		// A client gone (its server killed) answers nothing: fail now rather than wait forever.
		if (this.exited) return {ok: false, output: 'control client exited'};
		const replies = words.filter((word) => word === ';').length + 1;
		const waits: Promise<ControlReply>[] = [];
		for (let i = 0; i < replies; i++) waits.push(new Promise((resolve) => this.pending.push({resolve})));
		this.child.stdin.write(`${words.map((word) => (word === ';' ? ';' : tmuxWord(word))).join(' ')}\n`);
		const all = await Promise.all(waits);
		return {ok: all.every((reply) => reply.ok), output: all.at(-1)?.output ?? ''};
	}

	close(): void {
		this.child.stdin.end();
		this.child.kill();
	}

	private read(text: string): void {
		this.buffered += text;
		const lines = this.buffered.split('\n');
		this.buffered = lines.pop() ?? '';
		for (const line of lines) {
			if (this.block === null) {
				// Outside a block: notifications (%output, %window-add…), not replies.
				if (line.startsWith('%begin ')) this.block = [];
				continue;
			}
			if (line.startsWith('%end ') || line.startsWith('%error ')) {
				const output = this.block.join('\n');
				this.block = null;
				this.pending.shift()?.resolve({ok: line.startsWith('%end '), output});
			} else this.block.push(line);
		}
	}
}
