import '../helpers/no-ci.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {renderDashboard} from '../helpers/dashboard-harness.js';
import {flush} from '../helpers/fake-clock.js';
import {HeadlessTerminal} from '../helpers/headless-terminal.js';
import {rec} from '../helpers/records.js';

// Replays exactly the bytes the dashboard writes (incremental rendering on, as in
// production) into a terminal emulator, and checks the screen against the frame
// Ink meant to draw (taken from a twin rendered in debug mode, which writes whole
// frames). This catches cursor-movement bugs such as Ink 6.8's off-by-one.

const base = Array.from({length: 30}, (_, i) =>
	rec({
		localPort: 20_000 + i,
		remoteAddress: '127.0.0.1',
		remotePort: 30_000 + i,
		state: 'ESTABLISHED',
		pid: 100 + i,
		process: `worker-${i}`,
	}),
);
const listeners = [
	rec({localAddress: '0.0.0.0', localPort: 22, pid: 1, process: 'sshd'}),
	rec({localAddress: '127.0.0.1', localPort: 5432, pid: 2, process: 'postgres'}),
];

const steps = [
	{records: [...listeners, ...base]},
	// one row changes state
	{records: [...listeners, ...base.map((r, i) => (i === 3 ? rec({...r, state: 'CLOSE_WAIT'}) : r))]},
	// nothing changes
	{records: [...listeners, ...base.map((r, i) => (i === 3 ? rec({...r, state: 'CLOSE_WAIT'}) : r))]},
	// a listener appears, a connection goes
	{
		records: [
			...listeners,
			rec({localAddress: '::', family: 6 as const, localPort: 8080, pid: 3, process: 'node'}),
			...base.slice(1),
		],
	},
	{records: [...listeners, ...base.slice(5)]},
];

const settle = async () => {
	for (let i = 0; i < 10; i++) {
		await flush();
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
};

describe('what a real terminal shows', () => {
	it('matches the intended frame after every update, writing only changes', async (t) => {
		const columns = 120;
		const rows = 40;
		const real = renderDashboard(t, {steps, columns, rows, debug: false});
		const twin = renderDashboard(t, {steps, columns, rows});
		const terminal = new HeadlessTerminal(columns, rows);
		let replayed = 0;
		const replay = async () => {
			for (; replayed < real.stdout.frames.length; replayed++)
				await terminal.write(real.stdout.frames[replayed]!);
		};
		const bytesPerStep: number[] = [];
		try {
			await twin.waitFor((frame) => frame.includes('worker-25'));
			await settle();
			for (let step = 0; step < steps.length; step++) {
				if (step > 0) {
					const before = real.stdout.bytes;
					await real.tick();
					await twin.tick();
					await settle();
					bytesPerStep.push(real.stdout.bytes - before);
				}
				await replay();
				const expected = twin.lines();
				// The selected row's inverse bar spans the width: its padding is on screen.
				const screen = terminal
					.screen()
					.slice(0, expected.length)
					.map((line) => line.trimEnd());
				assert.deepEqual(
					screen,
					expected.map((line) => line.trimEnd()),
					`screen differs after update ${step}`,
				);
				for (const line of terminal.screen().slice(expected.length))
					assert.equal(line, '', 'nothing below the frame');
			}
			assert.equal(bytesPerStep[1], 0, 'an unchanged poll writes nothing');
			assert.ok(
				bytesPerStep[0]! > 0 && bytesPerStep[0]! < 1024,
				`one changed row wrote ${bytesPerStep[0]} bytes`,
			);
		} finally {
			real.unmount();
			twin.unmount();
			terminal.dispose();
		}
	});
});
