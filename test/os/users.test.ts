import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createUserNames, parsePasswd} from '../../source/os/users.js';

test('parsePasswd: first entry per uid wins, comments and bad lines ignored', () => {
	const text = [
		'root:x:0:0:root:/root:/bin/bash',
		'# comment:x:5:5',
		'toor:x:0:0::/root:/bin/sh',
		'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
		'broken line',
		'neg:x:-1:0::/:/bin/sh',
		'+::::::', // NIS include
		'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
		'',
	].join('\n');
	assert.deepEqual(
		parsePasswd(text),
		new Map([
			[0, 'root'],
			[33, 'www-data'],
			[65534, 'nobody'],
		]),
	);
});

test('createUserNames: reads once, re-reads for an unknown uid only after refreshMs', async () => {
	let reads = 0;
	let text = 'root:x:0:0::/root:/bin/sh\n';
	let clock = 0;
	const users = createUserNames({
		path: '/fake/passwd',
		readFile: async (path) => {
			assert.equal(path, '/fake/passwd');
			reads++;
			return text;
		},
		now: () => clock,
		refreshMs: 1000,
	});
	assert.deepEqual(await users.lookup([0, 0]), new Map([[0, 'root']]));
	assert.deepEqual(await users.lookup([0]), new Map([[0, 'root']]));
	assert.equal(reads, 1);
	text += 'alice:x:1000:1000::/home/alice:/bin/sh\n';
	assert.deepEqual(await users.lookup([1000]), new Map([[1000, null]]), 'too soon to re-read');
	clock = 1000;
	assert.deepEqual(await users.lookup([1000]), new Map([[1000, 'alice']]));
	assert.equal(reads, 2);
	clock = 5000;
	await users.lookup([0, 1000]);
	assert.equal(reads, 2, 'every uid known: no re-read');
});

test('createUserNames: a missing passwd file means no names, not an error', async () => {
	const users = createUserNames({
		readFile: async () => {
			throw Object.assign(new Error('ENOENT'), {code: 'ENOENT'});
		},
	});
	assert.deepEqual(await users.lookup([0]), new Map([[0, null]]));
});
