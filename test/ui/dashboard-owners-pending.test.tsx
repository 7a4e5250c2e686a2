// End to end on the real dashboard (Ink, store, panes), its bytes replayed into a headless
// terminal: with tables first (issue 14), the listener rows and their ports are on screen
// while the owner lookup is still held (an injected slow walk, released by the test, no
// timing), owners marked pending; once released, the owners replace the marks.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {renderDashboard} from '../helpers/dashboard-harness.js';
import {flush} from '../helpers/fake-clock.js';
import {HeadlessTerminal} from '../helpers/headless-terminal.js';
import {rec} from '../helpers/records.js';
import {SlowOwnerSource} from '../helpers/slow-owner-source.js';

const records = [
	rec({
		localAddress: '0.0.0.0',
		localPort: 8080,
		pid: 4242,
		process: 'webserver',
		inode: 901,
		uid: 0,
		user: 'root',
	}),
	rec({
		localAddress: '127.0.0.1',
		localPort: 5432,
		pid: 900,
		process: 'postgres',
		inode: 902,
		uid: 0,
		user: 'root',
	}),
	rec({
		localPort: 5432,
		remoteAddress: '127.0.0.1',
		remotePort: 40001,
		state: 'ESTABLISHED',
		pid: 900,
		process: 'postgres',
		inode: 903,
		uid: 0,
		user: 'root',
	}),
];

describe('dashboard, tables first', () => {
	for (const [columns, rows] of [
		[80, 24],
		[160, 50],
	] as const)
		it(`${columns}×${rows}: listeners with ports before owners, owners filled after`, async (t) => {
			const source = new SlowOwnerSource(records);
			const dash = renderDashboard(t, {
				steps: [],
				socketSource: source,
				tablesFirst: true,
				columns,
				rows,
				debug: false,
			});
			const terminal = new HeadlessTerminal(columns, rows);
			t.after(() => terminal.dispose());
			let replayed = 0;
			const screen = async () => {
				for (; replayed < dash.stdout.frames.length; replayed++)
					await terminal.write(dash.stdout.frames[replayed]!);
				return terminal.screen();
			};
			const until = async (check: (lines: string[]) => boolean, what: string) => {
				for (let i = 0; i < 200; i++) {
					await flush();
					const lines = await screen();
					if (check(lines)) return lines;
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
				throw new Error(`timed out waiting for ${what}:\n${(await screen()).join('\n')}`);
			};
			const row = (lines: string[], port: number) =>
				lines.find((line) => new RegExp(`tcp4\\s+\\S+\\s+${port}\\b`).test(line));

			const before = await until((lines) => row(lines, 8080) !== undefined, 'the listener row');
			await dash.clock.advance(0); // the owner read is due at once (the harness's clock)
			assert.deepEqual(source.hints, [{ownersLater: true}, undefined], 'the owner read is running, held');
			const held = await screen();
			assert.match(row(held, 8080)!, /…\s+…/, 'still pending while the walk is held');
			assert.match(before.join('\n'), /owners: reading…/);
			assert.match(row(before, 8080)!, /…\s+…/, 'PID and PROCESS pending');
			assert.match(row(before, 5432)!, /…\s+…/);
			assert.doesNotMatch(
				before.join('\n'),
				/webserver|\bpostgres\b|4242/,
				'no owner shown before it is known',
			);
			assert.doesNotMatch(before.join('\n'), /unattributed/, 'pending is not unattributed');

			source.release();
			const after = await until((lines) => /webserver/.test(lines.join('\n')), 'the owners');
			assert.match(row(after, 8080)!, /4242\s+webserver/);
			assert.match(row(after, 5432)!, /900\s+postgres/);
			assert.doesNotMatch(after.join('\n'), /owners: reading|…\s+…/);
		});
});
