// composeDashboard's options for tests that drive the composition itself (test/main): a
// feed that the test scripts, no rates, close watch or hosts unless the test gives them, and
// polls far apart so only the reads the test triggers happen.
import type {DashboardOptions} from '../../source/main/compose-dashboard.js';
import type {DeltaFeed} from '../../source/store/delta-feed.js';

export function testDashboardOptions(
	feed: DeltaFeed,
	more: Partial<DashboardOptions> = {},
): DashboardOptions {
	return {
		filter: '',
		intervalMs: 60_000,
		timeoutMs: 60_000,
		color: false,
		readOnly: true,
		bell: false,
		feed,
		trafficSource: null,
		closeWatch: null,
		hosts: null,
		...more,
	};
}
