import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	escapeLabelValue,
	formatValue,
	type MetricFamily,
	renderExposition,
} from '../../source/metrics/exposition.js';

const gauge: MetricFamily = {
	name: 'x_open',
	type: 'gauge',
	help: 'Open "things" \\ per\nline.',
	samples: [
		{labels: [['process', 'a"b\\c\nd']], value: 2},
		{labels: [], value: 0.25},
	],
};
const counter: MetricFamily = {
	name: 'x_polls',
	type: 'counter',
	help: 'Polls.',
	samples: [{labels: [], value: 7}],
};
const timed: MetricFamily = {
	name: 'x_duration_seconds',
	type: 'gauge',
	unit: 'seconds',
	help: 'Duration.',
	samples: [{labels: [], value: 0.012}],
};

describe('escapeLabelValue', () => {
	it('escapes backslash, double quote and line feed, and nothing else', () => {
		assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
		assert.equal(escapeLabelValue('\\n'), '\\\\n', 'a literal backslash-n stays two characters');
		assert.equal(escapeLabelValue('tab\there\rcr ünï'), 'tab\there\rcr ünï');
	});
});

describe('formatValue', () => {
	it('spells special values as the formats do', () => {
		assert.deepEqual([1, 0.5, Number.NaN, Infinity, -Infinity].map(formatValue), [
			'1',
			'0.5',
			'NaN',
			'+Inf',
			'-Inf',
		]);
	});
});

describe('renderExposition', () => {
	it('OpenMetrics: HELP, TYPE, UNIT, counter samples with _total, # EOF last', () => {
		const text = renderExposition([gauge, counter, timed], 'openmetrics');
		assert.equal(
			text,
			[
				'# HELP x_open Open \\"things\\" \\\\ per\\nline.',
				'# TYPE x_open gauge',
				'x_open{process="a\\"b\\\\c\\nd"} 2',
				'x_open 0.25',
				'# HELP x_polls Polls.',
				'# TYPE x_polls counter',
				'x_polls_total 7',
				'# HELP x_duration_seconds Duration.',
				'# TYPE x_duration_seconds gauge',
				'# UNIT x_duration_seconds seconds',
				'x_duration_seconds 0.012',
				'# EOF',
				'',
			].join('\n'),
		);
	});

	it('Prometheus 0.0.4: counters described as name_total, no UNIT, no EOF, quotes in HELP as they are', () => {
		const text = renderExposition([gauge, counter, timed], 'prometheus');
		assert.match(text, /^# HELP x_open Open "things" \\\\ per\\nline\.$/m);
		assert.match(text, /^# HELP x_polls_total Polls\.\n# TYPE x_polls_total counter\nx_polls_total 7$/m);
		assert.doesNotMatch(text, /# UNIT|# EOF/);
		assert.ok(text.endsWith('x_duration_seconds 0.012\n'));
	});

	it('refuses what a scraper would reject: repeated label sets, bad names, a counter named _total, a unit not in the name', () => {
		const twice: MetricFamily = {...gauge, samples: [gauge.samples[0]!, gauge.samples[0]!]};
		assert.throws(() => renderExposition([twice], 'openmetrics'), /twice/);
		assert.throws(() => renderExposition([gauge, gauge], 'openmetrics'), /family x_open twice/);
		assert.throws(() => renderExposition([{...gauge, name: 'x-open'}], 'openmetrics'), /bad metric name/);
		assert.throws(
			() => renderExposition([{...gauge, samples: [{labels: [['a-b', 'v']], value: 1}]}], 'openmetrics'),
			/bad label name/,
		);
		assert.throws(
			() => renderExposition([{...counter, name: 'x_polls_total'}], 'prometheus'),
			/without _total/,
		);
		assert.throws(() => renderExposition([{...timed, name: 'x_duration'}], 'prometheus'), /unit/);
	});
});
