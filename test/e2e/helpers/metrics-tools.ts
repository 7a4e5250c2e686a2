import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {delimiter, join} from 'node:path';
import type {TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';

/** An executable on PATH, or null. */
export function onPath(name: string): string | null {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		const path = join(dir, name);
		if (dir && existsSync(path)) return path;
	}
	return null;
}

export const PROMTOOL = onPath('promtool');
/** The system's Python, where Debian's python3-prometheus-client is installed (not a pyenv shim's). */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : (onPath('python3') ?? 'python3');
export const HAS_PY_CLIENT =
	spawnSync(PYTHON, ['-c', 'import prometheus_client'], {stdio: 'ignore'}).status === 0;
export const CHECK_OPENMETRICS = fileURLToPath(
	new URL('../../fixtures/metrics/check-openmetrics.py', import.meta.url),
);
export const HOSTILE_LISTENER = fileURLToPath(
	new URL('../../fixtures/metrics/hostile-listener.py', import.meta.url),
);

/**
 * True (and the test skipped) when a validator is missing on a developer's machine; in CI
 * (CI set) a missing validator fails the test: .ci/run installs it.
 */
export function missing(t: TestContext, present: boolean, what: string, debianPackage: string): boolean {
	if (present) return false;
	assert.ok(!process.env.CI, `${what} is missing in CI: .ci/run must install ${debianPackage}`);
	t.skip(`${what} is not installed (Debian package ${debianPackage}; CI installs it)`);
	return true;
}

/** `promtool check metrics` on TEXT: its findings (empty when clean) and exit status. */
export function promtoolFindings(text: string): {status: number | null; output: string} {
	const result = spawnSync(PROMTOOL!, ['check', 'metrics'], {input: text, encoding: 'utf8', timeout: 30_000});
	return {status: result.status, output: `${result.stdout}${result.stderr}`.trim()};
}

export interface ParsedFamily {
	readonly name: string;
	readonly type: string;
	readonly unit: string;
	readonly samples: readonly {name: string; labels: Record<string, string>; value: number}[];
}

/** TEXT parsed by the reference client's strict OpenMetrics parser; throws with its message when invalid. */
export function parseOpenMetrics(text: string): ParsedFamily[] {
	const result = spawnSync(PYTHON, [CHECK_OPENMETRICS], {input: text, encoding: 'utf8', timeout: 30_000});
	assert.equal(result.status, 0, result.stderr);
	return JSON.parse(result.stdout) as ParsedFamily[];
}
