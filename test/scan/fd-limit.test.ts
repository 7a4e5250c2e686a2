import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {deriveConcurrency, parseMaxOpenFiles, readFdBudget} from '../../source/scan/fd-limit.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('fd limit', () => {
	it('reads the soft open-file limit from /proc/self/limits text', () => {
		assert.equal(parseMaxOpenFiles(LIMITS), 1024);
		assert.equal(parseMaxOpenFiles(LIMITS.replace('1024   ', 'unlimited')), Number.POSITIVE_INFINITY);
		assert.equal(parseMaxOpenFiles('garbage'), null);
		assert.equal(parseMaxOpenFiles(''), null);
	});

	it('leaves room for the fds already open and a reserve, capped at 1000', () => {
		assert.equal(deriveConcurrency({softLimit: 1024, openFds: 30}), 1024 - 30 - 102);
		assert.equal(deriveConcurrency({softLimit: 64, openFds: 20}), 64 - 20 - 16);
		assert.equal(deriveConcurrency({softLimit: 20, openFds: 19}), 1);
		assert.equal(deriveConcurrency({softLimit: 1_048_576, openFds: 30}), 1000);
		assert.equal(deriveConcurrency({softLimit: Number.POSITIVE_INFINITY, openFds: 30}), 1000);
		assert.equal(deriveConcurrency({softLimit: null, openFds: 0}), 256);
	});

	it('reads this process on Linux, and knows nothing elsewhere', async () => {
		const budget = await readFdBudget();
		if (process.platform === 'linux') {
			assert.ok(budget.softLimit !== null && budget.softLimit > 0, 'a soft limit');
			assert.ok(budget.openFds >= 3, 'stdio at least');
		}
		assert.deepEqual(await readFdBudget('darwin'), {softLimit: null, openFds: 0});
	});
});
