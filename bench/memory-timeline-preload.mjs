// Loaded into the dashboard by bench/memory-timeline.mjs (NODE_OPTIONS=--import <this file>):
// every garbage collection of the main thread (kind, start, duration, from a
// PerformanceObserver) and, every second, the V8 heap spaces' committed and used sizes
// (no forced collection: unlike memory-probe.mjs, the heap is the plain run's), appended to
// `$SOCKTOP_TIMELINE` as lines of JSON. Child processes started (the rates' ss, nsenter) are
// noted too, so growth can be lined up with what ran.
import {appendFileSync} from 'node:fs';
import {createRequire, syncBuiltinESMExports} from 'node:module';
import {PerformanceObserver, performance} from 'node:perf_hooks';
import {getHeapSpaceStatistics} from 'node:v8';
import {isMainThread} from 'node:worker_threads';

const file = process.env.SOCKTOP_TIMELINE;
if (file && isMainThread) {
	const t0 = performance.timeOrigin;
	const log = (entry) => appendFileSync(file, `${JSON.stringify(entry)}\n`);
	const KINDS = {1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb'};
	new PerformanceObserver((list) => {
		for (const e of list.getEntries())
			log({
				t: Math.round(t0 + e.startTime),
				gc: KINDS[e.detail?.kind] ?? e.detail?.kind,
				ms: +e.duration.toFixed(1),
			});
	}).observe({entryTypes: ['gc']});
	const cp = createRequire(import.meta.url)('node:child_process');
	for (const name of ['spawn', 'execFile']) {
		const original = cp[name];
		cp[name] = function (command, ...rest) {
			const args = Array.isArray(rest[0]) ? rest[0] : [];
			log({t: Date.now(), spawn: [command, ...args].join(' ').slice(0, 80)});
			return original.call(this, command, ...rest);
		};
	}
	syncBuiltinESMExports();
	const MB = 1024 * 1024;
	setInterval(() => {
		const spaces = {};
		for (const s of getHeapSpaceStatistics())
			spaces[s.space_name.replace('_space', '')] = [
				+(s.space_size / MB).toFixed(1),
				+(s.space_used_size / MB).toFixed(1),
			];
		log({t: Date.now(), spaces});
	}, 1000).unref();
}

// SOCKTOP_TIMELINE_PROFILE=FILE: a CPU profile of the main thread from the start, written
// after SOCKTOP_TIMELINE_PROFILE_S seconds (70 by default), to see what ran in each burst.
const profile = process.env.SOCKTOP_TIMELINE_PROFILE;
if (profile && isMainThread) {
	const {Session} = await import('node:inspector');
	const {writeFileSync} = await import('node:fs');
	const session = new Session();
	session.connect();
	session.post('Profiler.enable', () =>
		session.post('Profiler.setSamplingInterval', {interval: 2000}, () => session.post('Profiler.start')),
	);
	setTimeout(
		() =>
			session.post('Profiler.stop', (error, result) => {
				if (!error) writeFileSync(profile, JSON.stringify({wallStart: Date.now(), profile: result.profile}));
			}),
		Number(process.env.SOCKTOP_TIMELINE_PROFILE_S ?? 70) * 1000,
	).unref();
}
