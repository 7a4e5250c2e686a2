// A fake `ssh` for the many-hosts tests (streams the test writes, an exit it decides) and a
// clock whose timers run only when the test advances it (the reconnection backoff).
import {PassThrough} from 'node:stream';
import type {Clock} from '../../source/model/clock.js';
import type {SshCapability, SshChannel} from '../../source/sources/remote/ssh-capability.js';

export class FakeClock implements Clock {
	time = 1_000_000;
	private timers: {at: number; callback: () => void; id: number}[] = [];
	private nextId = 0;
	now = () => this.time;
	setTimeout = (callback: () => void, ms: number) => {
		const id = ++this.nextId;
		this.timers.push({at: this.time + ms, callback, id});
		return id;
	};
	clearTimeout = (handle: unknown) => {
		this.timers = this.timers.filter((timer) => timer.id !== handle);
	};
	/** The delay of the one pending timer (the reconnection). */
	pendingDelay(): number | null {
		return this.timers.length === 1 ? this.timers[0]!.at - this.time : null;
	}
	advance(ms: number): void {
		this.time += ms;
		const due = this.timers.filter((timer) => timer.at <= this.time);
		this.timers = this.timers.filter((timer) => timer.at > this.time);
		for (const timer of due) timer.callback();
	}
}

export interface FakeChannel extends SshChannel {
	readonly command: string;
	readonly marker: string;
	exit(code: number | null, stderr?: string): void;
	write(text: string): void;
}

export function fakeSsh(): {ssh: SshCapability; opened: FakeChannel[]} {
	const opened: FakeChannel[] = [];
	const ssh: SshCapability = {
		open(_dest, command) {
			const stdout = new PassThrough();
			const stderr = new PassThrough();
			const listeners: ((code: number | null) => void)[] = [];
			const marker = /M=(@@socktop-[0-9a-f]+)/.exec(command)?.[1] ?? '';
			const channel: FakeChannel = {
				command,
				marker,
				stdout,
				stderr,
				stdin: new PassThrough(),
				onExit: (listener) => listeners.push(listener),
				kill: () => {},
				exit(code, text = '') {
					stderr.write(text);
					for (const listener of listeners) listener(code);
				},
				write: (text) => stdout.write(text),
			};
			opened.push(channel);
			return channel;
		},
		run: async () => ({code: 0, stdout: '', stderr: ''}),
	};
	return {ssh, opened};
}

/** Lets the PassThrough streams deliver what was written. */
export const flush = () => new Promise((resolve) => setImmediate(resolve));
