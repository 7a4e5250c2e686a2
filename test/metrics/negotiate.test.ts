import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {negotiateFormat} from '../../source/metrics/negotiate.js';

describe('negotiateFormat', () => {
	it("gives Prometheus's own Accept header OpenMetrics", () => {
		// Sent by Prometheus 2.42.0 (Debian 12's package: `strings /usr/bin/prometheus | grep openmetrics-text`).
		const prometheus =
			'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
		assert.equal(negotiateFormat(prometheus), 'openmetrics');
		assert.equal(negotiateFormat('application/openmetrics-text'), 'openmetrics');
		assert.equal(negotiateFormat('Application/OpenMetrics-Text; Version=1.0.0'), 'openmetrics');
	});

	it('gives plain clients the Prometheus text format 0.0.4', () => {
		for (const accept of [undefined, '', '*/*', 'text/plain', 'text/plain;version=0.0.4', 'application/json'])
			assert.equal(negotiateFormat(accept), 'prometheus', String(accept));
	});

	it('weighs the choices: a text type preferred, an unknown OpenMetrics version, q=0', () => {
		assert.equal(negotiateFormat('text/plain;q=1,application/openmetrics-text;q=0.5'), 'prometheus');
		assert.equal(negotiateFormat('application/openmetrics-text;version=2.0.0'), 'prometheus');
		assert.equal(negotiateFormat('application/openmetrics-text;q=0,*/*'), 'prometheus');
		assert.equal(
			negotiateFormat('*/*;q=0.1,application/openmetrics-text;version=0.0.1;q=0.75'),
			'openmetrics',
		);
	});
});
