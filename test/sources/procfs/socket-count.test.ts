import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseSockstat} from '../../../source/sources/procfs/socket-count.js';

// /proc/net/sockstat and sockstat6 as printed by Linux 6.1 (Debian 12) with 10,000 loopback connections held.
const SOCKSTAT = `sockets: used 20997
TCP: inuse 20064 orphan 0 tw 85 alloc 20910 mem 58
UDP: inuse 3 mem 0
UDPLITE: inuse 0
RAW: inuse 0
FRAG: inuse 0 memory 0
`;
const SOCKSTAT6 = `TCP6: inuse 1
UDP6: inuse 0
UDPLITE6: inuse 0
RAW6: inuse 0
FRAG6: inuse 0 memory 0
`;

test('sockstat: TCP (with TIME_WAIT) and UDP in use, both families; nothing readable is null', () => {
	assert.equal(parseSockstat([SOCKSTAT, SOCKSTAT6]), 20064 + 85 + 3 + 1);
	assert.equal(parseSockstat([SOCKSTAT]), 20152);
	assert.equal(parseSockstat([]), null);
	assert.equal(parseSockstat(['garbage\n']), null);
});
