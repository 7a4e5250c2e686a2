// Which ss the close watch runs, and what it does when ss refuses or dies (a fake child).
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ChildExit, LineChildOptions} from '../../../source/os/line-child.js';
import {createSsCloseWatch} from '../../../source/sources/traffic/close-watch.js';
import type {ClosedSocket} from '../../../source/sources/traffic/parse-ss-closed.js';

const exit = (fields: Partial<ChildExit>): ChildExit => ({
	code: 1,
	signal: null,
	stderr: '',
	lines: 0,
	ranMs: 10,
	...fields,
});

function fakeChild() {
	let options: LineChildOptions | null = null;
	const argv = () => [options!.command, ...options!.args].join(' ');
	return {
		startChild: (given: LineChildOptions) => {
			options = given;
			return {pid: () => 1, starts: () => 1, stop: () => {}};
		},
		argv,
		line: (text: string) => options!.onLine(text),
		/** What the watch asks for after EXIT; the fake then "runs" what it names. */
		exit(result: ChildExit) {
			const next = options!.onExit!(result);
			if (typeof next === 'object') options = {...options!, ...next};
			return next;
		},
	};
}

describe('ss close watch', () => {
	it('runs ss -tinHOeE line-buffered; each closing connection reaches onClosed', () => {
		const fake = fakeChild();
		const watch = createSsCloseWatch({startChild: fake.startChild});
		const closed: ClosedSocket[] = [];
		watch.start((socket) => closed.push(socket), assert.fail);
		assert.equal(fake.argv(), 'stdbuf -oL ss -tinHOeE');
		fake.line('UNCONN 1 0 127.0.0.1:5 127.0.0.1:6 ino:0 sk:9 cwnd:10 bytes_sent:7 bytes_received:8');
		assert.deepEqual(closed, [{local: '127.0.0.1:5', peer: '127.0.0.1:6', bytesSent: 7, bytesReceived: 8}]);
	});

	it('an ss that refuses -O falls back to older options; without stdbuf, ss alone; refused by all: said once, stopped', () => {
		const fake = fakeChild();
		const problems: string[] = [];
		createSsCloseWatch({startChild: fake.startChild}).start(
			() => {},
			(text) => problems.push(text),
		);
		fake.exit(exit({stderr: 'ss: invalid option -- O'}));
		assert.equal(fake.argv(), 'stdbuf -oL ss -tinHeE');
		fake.exit(exit({stderr: 'spawn stdbuf ENOENT', code: null}));
		assert.equal(fake.argv(), 'ss -tinHeE');
		fake.exit(exit({stderr: 'ss: invalid option -- H'}));
		assert.equal(fake.argv(), 'ss -tineE');
		assert.equal(fake.exit(exit({stderr: 'ss: invalid option -- E'})), 'stop');
		assert.deepEqual(problems, ['close events not read (ss -E: ss: invalid option -- E)']);
	});

	it('an ss that ran and died is restarted (the child backs off), and that is said once', () => {
		const fake = fakeChild();
		const problems: string[] = [];
		createSsCloseWatch({startChild: fake.startChild}).start(
			() => {},
			(text) => problems.push(text),
		);
		assert.equal(fake.exit(exit({signal: 'SIGKILL', code: null, lines: 40, ranMs: 90_000})), 'restart');
		assert.equal(fake.exit(exit({signal: 'SIGKILL', code: null, lines: 40, ranMs: 90_000})), 'restart');
		assert.equal(fake.argv(), 'stdbuf -oL ss -tinHOeE', 'same options: they worked');
		assert.deepEqual(problems, ['ss -E stopped (killed by SIGKILL); restarting']);
	});
});
