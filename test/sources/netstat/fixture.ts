// Test helpers: read a netstat fixture, find the one record on a local port.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import type {SocketRecord} from '../../../source/model/socket-record.js';

export function fixture(path: string): string {
	return readFileSync(new URL(`../../fixtures/netstat/${path}`, import.meta.url), 'utf8');
}

/** The single record matching `where`; fails the test when there are none or several. */
export function only(records: readonly SocketRecord[], where: Partial<SocketRecord>): SocketRecord {
	const found = records.filter((record) =>
		Object.entries(where).every(([key, value]) => record[key as keyof SocketRecord] === value),
	);
	assert.equal(found.length, 1, `expected one record matching ${JSON.stringify(where)}, got ${found.length}`);
	return found[0] as SocketRecord;
}
