import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseFilter} from '../../../source/filter/filter.js';
import type {Row} from '../../../source/store/snapshot.js';
import {ESTABLISHED_COLUMNS, fitColumns, formatCells} from '../../../source/ui/model/columns.js';
import {formatRate, queueCell, rateCell} from '../../../source/ui/model/traffic-cells.js';
import {processTrafficLines, SPARK_ASCII, sparkline} from '../../../source/ui/model/traffic-detail.js';
import {trafficLookups} from '../../../source/ui/model/traffic-filter.js';
import {rec} from '../../helpers/records.js';
import {trafficSnapshotOf} from '../../helpers/snapshots.js';

const row = (record: ReturnType<typeof rec>): Row => ({
	key: String(record.inode),
	record,
	firstSeen: 0,
	seenAtStart: true,
	status: 'open',
	since: 0,
});
const snapshot = trafficSnapshotOf;
const tcp = row(rec({remoteAddress: '127.0.0.1', remotePort: 80, state: 'ESTABLISHED', inode: 7, pid: 5}));
const udp = row(
	rec({proto: 'udp', remoteAddress: '127.0.0.1', remotePort: 53, state: 'ESTABLISHED', inode: 8}),
);
const listener = row(rec({localPort: 80, state: 'LISTEN', inode: 9}));

describe('traffic cells', () => {
	it('rates in at most 5 cells, 1024-based', () => {
		assert.deepEqual([0, 999, 1000, 1536, 200_000, 10 * 1024 * 1024, 3.1 * 1024 ** 3].map(formatRate), [
			'0B',
			'999B',
			'1.0K',
			'1.5K',
			'195K',
			'10M',
			'3.1G',
		]);
	});

	it('UDP says n/a, an unmeasured TCP socket says -, never a fake 0', () => {
		const traffic = snapshot({
			sockets: new Map([[7, {bytesSent: 10, bytesReceived: 10, rateIn: null, rateOut: null}]]),
		});
		assert.equal(rateCell(udp, traffic, 'in'), 'n/a');
		assert.equal(rateCell(tcp, traffic, 'in'), '-');
		assert.equal(rateCell(tcp, snapshot({}), 'in'), '-');
		assert.equal(rateCell(tcp, snapshot({status: 'unsupported'}), 'in'), 'n/a');
		const measured = snapshot({
			sockets: new Map([[7, {bytesSent: 10, bytesReceived: 10, rateIn: 0, rateOut: 2048}]]),
		});
		assert.deepEqual([rateCell(tcp, measured, 'in'), rateCell(tcp, measured, 'out')], ['0B', '2.0K']);
		// ss reads socktop's own namespace: a container's or another host's socket says n/a, not -.
		const inContainer = {...tcp, record: {...tcp.record, netns: 4026532201}};
		const remote = {...tcp, record: {...tcp.record, host: 'web1'}};
		assert.equal(rateCell(inContainer, measured, 'in'), 'n/a');
		assert.equal(rateCell(remote, measured, 'out'), 'n/a');
		// Once a full read (as root) held that namespace's sockets, its rows have their rates.
		const withNetns = {...measured, netnsRead: new Set([4026532201])};
		assert.equal(rateCell(inContainer, withNetns, 'out'), '2.0K');
		assert.equal(rateCell(remote, withNetns, 'out'), 'n/a');
		assert.doesNotMatch(processTrafficLines(5, [inContainer], withNetns, 80)[0]!, /n\/a/);
		assert.match(processTrafficLines(5, [inContainer], measured, 80)[0]!, /another network namespace/);
	});

	it('a saturated listener is marked with ! (no colour needed); saturated:yes finds it', () => {
		const traffic = snapshot({
			listeners: new Map([[9, {acceptQueue: 2, backlog: 1, saturated: true}]]),
		});
		assert.equal(queueCell(listener, traffic), '!2/1');
		assert.equal(queueCell(listener, snapshot({})), '-');
		const yes = parseFilter('saturated:yes', trafficLookups(traffic));
		const no = parseFilter('saturated:no', trafficLookups(traffic));
		assert.ok(yes.ok && no.ok);
		assert.deepEqual([yes.predicate(listener.record), yes.predicate(tcp.record)], [true, false]);
		assert.deepEqual([no.predicate(listener.record), no.predicate(tcp.record)], [false, true]);
		assert.equal(parseFilter('saturated:maybe').ok, false);
		// Without the queues nothing is known to be saturated.
		const blind = parseFilter('saturated:yes');
		assert.ok(blind.ok && !blind.predicate(listener.record));
	});

	it('RX/s and TX/s are right-aligned in the connections pane', () => {
		const traffic = snapshot({
			sockets: new Map([[7, {bytesSent: 1, bytesReceived: 1, rateIn: 204_800, rateOut: 512}]]),
		});
		const context = {now: 0, serviceName: () => null, hostName: () => null, traffic};
		const fitted = fitColumns(ESTABLISHED_COLUMNS, 160, {rows: [tcp, udp], context});
		assert.ok(fitted.some(({column}) => column.id === 'rx'));
		assert.match(formatCells(tcp, fitted, context), / 200K {2}512B/);
		assert.match(formatCells(udp, fitted, context), / {2}n\/a {3}n\/a/);
	});
});

describe('detail view traffic', () => {
	it('a sparkline scales to the highest sample', () => {
		assert.equal(sparkline([0, 1, 2, 4, 8]), '▁▂▃▅█');
		assert.equal(sparkline([0, 0, 0]), '▁▁▁');
		assert.equal(sparkline([0, 8], SPARK_ASCII), '_@');
	});

	it("sums and the last minute for a process's connections; n/a without TCP", () => {
		const traffic = snapshot({
			processes: new Map([
				[
					5,
					{
						rateIn: 1024,
						rateOut: 0,
						history: [
							{rateIn: 0, rateOut: 0},
							{rateIn: 1024, rateOut: 0},
						],
					},
				],
			]),
		});
		const lines = processTrafficLines(5, [tcp], traffic, 80);
		assert.match(lines[0]!, /^traffic: in 1\.0K\/s {2}out 0B\/s/);
		assert.match(lines[1]!, /last minute ▁█$/);
		assert.equal(lines.length, 3, 'no container: no container line');
		const inBox = row({...tcp.record, container: 'docker:abc'});
		const boxed = processTrafficLines(
			5,
			[inBox],
			{...traffic, containers: new Map([['docker:abc', {rateIn: 2048, rateOut: 10}]])},
			80,
		);
		assert.equal(boxed[3], 'container docker:abc: in 2.0K/s  out 10B/s  (all its TCP connections)');
		assert.match(processTrafficLines(6, [udp], traffic, 80)[0]!, /n\/a/);
		assert.match(processTrafficLines(5, [tcp], snapshot({status: 'unsupported'}), 80)[0]!, /not available/);
	});
});
