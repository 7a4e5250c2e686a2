// With --host, this machine's namespace addresses still reach the snapshot (the scan prefill
// of its container rows needs them); remote hosts send none (their stream carries records only).
import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {NetnsAddresses} from '../../../source/model/netns-addresses.js';
import type {SourceResult} from '../../../source/model/socket-record.js';
import {createHostsSource} from '../../../source/sources/remote/hosts-source.js';
import type {SshCapability} from '../../../source/sources/remote/ssh-capability.js';
import type {SocketSource} from '../../../source/sources/source.js';

test('the local source netnsAddresses pass through the hosts source', async () => {
	const addresses: NetnsAddresses[] = [{netns: 4026532999, ipv4: ['127.0.0.1', '10.9.0.2'], ipv6: []}];
	const result: SourceResult = {
		records: [],
		unattributed: 0,
		skippedLines: 0,
		warnings: [],
		netnsAddresses: addresses,
	};
	const local: SocketSource = {name: 'procfs', read: async () => result};
	const hosts = createHostsSource({
		local,
		hosts: [],
		ssh: {} as SshCapability,
		intervalMs: 1000,
		manualCommand: () => '',
	});
	const got = await hosts.read(new AbortController().signal);
	assert.deepEqual(got.netnsAddresses, addresses);
	hosts.close();
});
