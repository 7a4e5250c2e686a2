// "← nginx (1200)" next to a scan result: only a listener of the namespace that holds the
// scanned address.
import assert from 'node:assert/strict';
import {it} from 'node:test';
import type {SocketRecord} from '../../../source/model/socket-record.js';
import {localListener} from '../../../source/ui/model/local-listener.js';
import {rec} from '../../helpers/records.js';
import {rowOf, snapshotOf} from '../controller/fixtures.js';

const NS = 4026532999;
const inBox = (record: SocketRecord): SocketRecord => ({...record, netns: NS, container: 'docker:abc123'});
const hostWeb = rec({localAddress: '0.0.0.0', localPort: 80, pid: 10, process: 'nginx'});
const boxWeb = inBox(rec({localAddress: '0.0.0.0', localPort: 80, pid: 20, process: 'httpd'}));
const boxLoopback = inBox(rec({localAddress: '127.0.0.1', localPort: 8080, pid: 21, process: 'admin'}));

const snapshot = (records: SocketRecord[]) => ({
	...snapshotOf(records.map((record) => rowOf(record))),
	netnsAddresses: [{netns: NS, ipv4: ['127.0.0.1', '172.17.0.2'], ipv6: ['::1']}],
});

it("a scan of the container's address names the container's listener, not the host's", () => {
	assert.equal(localListener(snapshot([hostWeb, boxWeb]), '172.17.0.2', 80), 'httpd (20)');
	assert.equal(localListener(snapshot([hostWeb]), '172.17.0.2', 80), null);
});

it("a scan of 127.0.0.1 names this namespace's listener, never a container's loopback one", () => {
	assert.equal(localListener(snapshot([boxWeb, hostWeb]), '127.0.0.1', 80), 'nginx (10)');
	assert.equal(localListener(snapshot([boxLoopback]), '127.0.0.1', 8080), null);
});

it('an address no namespace here holds: nobody', () => {
	assert.equal(localListener(snapshot([hostWeb, boxWeb]), '198.51.100.7', 80), null);
});
