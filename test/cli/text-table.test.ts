import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {runOnce} from '../../source/cli/run-once.js';
import {formatColumns, formatTextTable} from '../../source/cli/text-table.js';
import {capture} from '../helpers/capture.js';
import {FakeSource} from '../helpers/fake-source.js';
import {rec} from '../helpers/records.js';

const longName = 'a-very-long-process-name-that-goes-on-and-on';
const records = [
	rec({localAddress: '0.0.0.0', localPort: 22, pid: 1, process: 'sshd', user: 'root', uid: 0}),
	rec({
		family: 6,
		localAddress: 'fe80::2%eth0',
		localPort: 5000,
		remoteAddress: '2001:db8:1234:5678:9abc:def0:1234:5678',
		remotePort: 443,
		state: 'ESTABLISHED',
		pid: 4242,
		process: longName,
		user: 'www-data',
	}),
];

async function once(stdout: ReturnType<typeof capture>) {
	const err = capture();
	const code = await runOnce(
		new FakeSource([{records}]),
		{json: false, filter: '', timeoutMs: 1000},
		{stdout: stdout.stream, stderr: err.stream},
	);
	return {code, lines: stdout.lines()};
}

describe('--once table width', () => {
	it('on a terminal, is no wider than the terminal: long process names cut with …', async () => {
		const {code, lines} = await once(capture({isTTY: true, columns: 100}));
		assert.equal(code, 0);
		for (const line of lines) assert.ok(stringWidth(line) <= 100, `${stringWidth(line)}: ${line}`);
		const row = lines.find((line) => line.includes('4242'))!;
		assert.match(row, /4242 {2}a-very-long-pro… {2}www-data$/);
		assert.match(row, / \[2001:db8:12…34:5678\]:443 /, 'an address is cut in the middle: its port stays');
		const narrow = await once(capture({isTTY: true, columns: 80}));
		for (const line of narrow.lines) assert.ok(stringWidth(line) <= 80, `${stringWidth(line)}: ${line}`);
	});

	it('piped (not a terminal), is full width: nothing cut', async () => {
		const {lines} = await once(capture({isTTY: false, columns: 80}));
		const row = lines.find((line) => line.includes('4242'))!;
		assert.ok(row.includes(longName));
		assert.ok(row.includes('[2001:db8:1234:5678:9abc:def0:1234:5678]:443'));
		assert.ok(stringWidth(row) > 80);
	});

	it('fits any width, keeps the header and one line per socket (property)', async () => {
		const name = fc.string({unit: fc.constantFrom(...'abcxyz-_ 名字é'.split('')), maxLength: 60});
		await fc.assert(
			fc.asyncProperty(
				fc.integer({min: 10, max: 200}),
				fc.array(name, {minLength: 1, maxLength: 5}),
				async (width, names) => {
					const table = await formatTextTable(
						names.map((process, i) => rec({localPort: 1000 + i, pid: i + 1, process, user: process})),
						width,
					);
					const lines = table.split('\n');
					assert.equal(lines.length, names.length + 1);
					for (const line of lines)
						assert.ok(stringWidth(line) <= width, `${stringWidth(line)} > ${width}: ${line}`);
					assert.ok(lines[0]!.startsWith('PROTO'));
				},
			),
		);
	});

	it('leaves a table that fits as it is', async () => {
		assert.equal(await formatTextTable(records.slice(0, 1), 200), await formatTextTable(records.slice(0, 1)));
	});
});

describe('formatColumns (scan tables)', () => {
	it('lines columns up by display width: wide characters take two cells', async () => {
		const lines = await formatColumns(
			[
				['PORT', 'SERVICE', 'MS'],
				['80', 'ウェブ', '1.5'],
				['443', 'https', '12.25'],
			],
			new Set([2]),
		);
		const ends = lines.map((line) => stringWidth(line));
		assert.equal(new Set(ends).size, 1, `every line ends in the same column: ${JSON.stringify(lines)}`);
		assert.equal(lines[1], '80    ウェブ     1.5');
	});
});

describe('--once table across hosts and namespaces', () => {
	it('adds HOST with more than one host and CONTAINER with more than one namespace, so no two lines are the same', async () => {
		const here = rec({localAddress: '0.0.0.0', localPort: 80, pid: 10, process: 'nginx'});
		const inContainer = {...here, netns: 4026532201, container: 'docker:3f2a9c1be4d5'};
		const otherHost = {...here, host: 'web1'};
		const one = await formatTextTable([here]);
		assert.doesNotMatch(one, /HOST|CONTAINER/);
		const lines = (await formatTextTable([here, inContainer, otherHost])).split('\n');
		assert.match(lines[0]!, /^HOST +PROTO .* USER +CONTAINER$/);
		assert.equal(new Set(lines).size, lines.length, lines.join('\n'));
		assert.match(lines[2]!, /^local +tcp4 .* docker:3f2a9c1be4d5$/);
		assert.match(lines[3]!, /^web1 /);
		for (const line of (await formatTextTable([here, inContainer, otherHost], 60)).split('\n'))
			assert.ok(stringWidth(line) <= 60, line);
	});
});
