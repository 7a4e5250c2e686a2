// The plain first frame, then Ink's frames, replayed into a headless terminal (issue 14): the
// plain frame shows the header's counts and the listeners' ports; once Ink writes, every
// screen is the one a run without the plain frame shows at the same step (Ink's first frame
// clears it: run-dashboard.ts clearingFirstFrame), so no character of the plain frame is left.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {plainFrameText} from '../../source/main/plain-first-frame.js';
import {createServiceLookup} from '../../source/services/service-lookup.js';
import {plainFrameLines} from '../../source/ui/plain-frame.js';
import {clearingFirstFrame} from '../../source/ui/run-dashboard.js';
import {TAKE_SCREEN} from '../../source/ui/terminal-screen.js';
import {themeFor} from '../../source/ui/theme.js';
import {FakeStdout, renderDashboard} from '../helpers/dashboard-harness.js';
import {flush} from '../helpers/fake-clock.js';
import {HeadlessTerminal} from '../helpers/headless-terminal.js';
import {rec} from '../helpers/records.js';
import {SlowOwnerSource} from '../helpers/slow-owner-source.js';

// Listeners on long addresses and ports, so the plain frame's rows are wider than many of
// Ink's lines: a character left over would show.
const records = [
	...Array.from({length: 12}, (_, i) =>
		rec({localAddress: '127.0.0.1', localPort: 31500 + i, pid: 100 + i, process: 'holder', inode: 700 + i}),
	),
	...Array.from({length: 20}, (_, i) =>
		rec({
			localPort: 31500,
			remoteAddress: '127.0.0.1',
			remotePort: 40000 + i,
			state: 'ESTABLISHED',
			pid: 100,
			process: 'holder',
			inode: 800 + i,
		}),
	),
];

describe('plain first frame, replayed', () => {
	for (const [columns, rows] of [
		[80, 24],
		[160, 50],
	] as const)
		it(`${columns}×${rows}: counts and ports at once; Ink's frames then leave no trace of it`, async (t) => {
			const run = async (plain: boolean) => {
				const stdout = new FakeStdout(columns, rows, {keepFrames: true});
				let lines: string[] = [];
				if (plain) {
					// The same data as the dashboard's first read (owners held: pending).
					const probe = renderDashboard(t, {
						steps: [],
						socketSource: new SlowOwnerSource(records),
						tablesFirst: true,
						columns,
						rows,
					});
					await probe.waitFor((text) => text.includes('Listening (12)'), 'the first data');
					lines = plainFrameLines({
						config: {
							hostname: 'testhost',
							sourceName: 'procfs',
							intervalMs: 1000,
							isRoot: false,
							initialFilter: '',
							theme: themeFor(false),
						},
						snapshot: probe.store.getSnapshot(),
						scan: probe.scanner.getSnapshot(),
						serviceName: createServiceLookup(),
						now: probe.clock.now(),
						columns,
						rows,
					});
					probe.unmount();
					stdout.write(plainFrameText(lines));
				}
				const dash = renderDashboard(t, {
					steps: [],
					socketSource: new SlowOwnerSource(records),
					tablesFirst: true,
					columns,
					rows,
					debug: false,
					stdout,
					...(plain ? {onRender: clearingFirstFrame(stdout, () => {})} : {}),
				});
				// Its first frame holds the data (the store read before the mount's first render
				// comes, or a later frame does): wait for the pane's count to be written.
				const start = plain ? 2 : 0;
				for (let i = 0; i < 300 && !stdout.frames.slice(start).join('').includes('Listening (12)'); i++) {
					await flush();
					await new Promise((resolve) => setTimeout(resolve, 10));
				}
				assert.ok(stdout.frames.slice(start).join('').includes('Listening (12)'), 'the data frame');
				dash.unmount();
				return {writes: [...stdout.frames], lines};
			};
			const without = await run(false);
			const withPlain = await run(true);

			// What the plain frame shows, before Ink writes anything.
			const terminal = new HeadlessTerminal(columns, rows);
			const reference = new HeadlessTerminal(columns, rows);
			t.after(() => {
				terminal.dispose();
				reference.dispose();
			});
			const [plainWrite, clear, ...inkWrites] = withPlain.writes;
			assert.equal(plainWrite, plainFrameText(withPlain.lines));
			await terminal.write(plainWrite!);
			const plainScreen = terminal.screen().join('\n');
			assert.match(plainScreen, /listening 12 {2}established 20/);
			for (let port = 31500; port < 31500 + 12; port++)
				if (withPlain.lines.length - 4 > port - 31500)
					assert.match(plainScreen, new RegExp(`127\\.0\\.0\\.1 +${port} `), `port ${port}`);
			assert.match(plainScreen, /127\.0\.0\.1 +31500 .*… +…/, 'owners pending, as the dashboard marks them');
			assert.ok(terminal.screen().length <= rows);

			// Ink's writes are the same in both runs; after each, the screens are identical.
			assert.equal(clear, '\x1b[2J\x1b[H', "the screen cleared right before Ink's first frame");
			assert.deepEqual(inkWrites, without.writes);
			await terminal.write(clear!);
			await reference.write(TAKE_SCREEN);
			assert.ok(inkWrites.length > 0);
			for (const [i, write] of inkWrites.entries()) {
				await terminal.write(write);
				await reference.write(write);
				assert.deepEqual(terminal.screen(), reference.screen(), `after Ink's write ${i + 1}`);
			}
			assert.match(reference.screen().join('\n'), /Listening \(12\)/);
		});
});
