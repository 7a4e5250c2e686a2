import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {
	parseFibTrieLocal,
	parseIfInet6Addresses,
} from '../../../source/sources/procfs/parse-netns-addresses.js';

const fixture = (name: string) =>
	readFileSync(new URL(`../../fixtures/netns-addresses/${name}`, import.meta.url), 'utf8');

test('fib_trie of a namespace with a veth: its address and loopback, once each, no broadcast or range', () => {
	assert.deepEqual(parseFibTrieLocal(fixture('fib_trie-veth.txt')), ['10.213.7.2', '127.0.0.1']);
});

test('fib_trie with only lo up, and of a fresh namespace (empty file)', () => {
	assert.deepEqual(parseFibTrieLocal(fixture('fib_trie-lo.txt')), ['127.0.0.1']);
	assert.deepEqual(parseFibTrieLocal(fixture('fib_trie-empty.txt')), []);
});

test('fib_trie: a host route that is not LOCAL is no address of the namespace', () => {
	const text =
		'  |-- 10.0.0.9\n     /32 link UNICAST\n  |-- 10.0.0.8\n     /24 link UNICAST\n     /32 host LOCAL\n';
	assert.deepEqual(parseFibTrieLocal(text), ['10.0.0.8']);
});

test('if_inet6: every address in order, formatted as ss does', () => {
	assert.deepEqual(parseIfInet6Addresses(fixture('if_inet6-veth.txt')), [
		'::1',
		'fe80::841:98ff:fef6:3f62',
		'fd00:213:7::2',
	]);
	assert.deepEqual(parseIfInet6Addresses(fixture('if_inet6-lo.txt')), ['::1']);
	assert.deepEqual(parseIfInet6Addresses(fixture('if_inet6-empty.txt')), []);
	assert.deepEqual(parseIfInet6Addresses('garbage\n0000\n'), []);
});
