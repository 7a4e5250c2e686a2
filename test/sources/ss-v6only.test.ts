import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseSsV6only} from '../../source/sources/ss-v6only.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ss/${name}`, import.meta.url), 'utf8');

test('ss -e: v6only of each IPv6 socket by inode; IPv4 sockets have none', () => {
	const flags = parseSsV6only(fixture('ss-ltne-v6only.txt'));
	assert.deepEqual(
		[...flags].sort(),
		[
			[8633636, true],
			[8633637, false],
		].sort(),
	);
});

test('ss -e: UDP sockets carry the flag too', () => {
	assert.deepEqual([...parseSsV6only(fixture('ss-ulne-v6only.txt'))], [[8633638, false]]);
});

test('lines without an inode or a flag, and junk, are skipped', () => {
	assert.equal(parseSsV6only('LISTEN 0 128 [::]:1 [::]:* v6only:1\nino:0 v6only:1\n\0garbage\n').size, 0);
});
