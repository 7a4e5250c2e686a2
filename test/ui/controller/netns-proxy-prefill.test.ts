// The scan prefill for a container listener that a docker-proxy publishes on a host port: the
// host port when this machine has no route to the container's address (ports prefilled too),
// the container's address when it has (the host port named as the other choice); the footer
// says which.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {NetnsAddresses, PublishedPort} from '../../../source/model/netns-addresses.js';
import type {SocketRecord} from '../../../source/model/socket-record.js';
import {netnsScanTarget} from '../../../source/ui/controller/netns-scan-target.js';
import {reduceKeys} from '../../../source/ui/controller/reduce-key.js';
import {rec} from '../../helpers/records.js';
import {initial, read, rowOf, viewOf} from './fixtures.js';

const NS = 4026532999;
const proxy = (containerRouted: boolean, hostAddress = '0.0.0.0'): PublishedPort => ({
	proto: 'tcp',
	hostAddress,
	hostPort: 8080,
	containerAddress: '172.17.0.2',
	containerPort: 80,
	containerRouted,
	pid: 900,
});
const withProxy = (port: PublishedPort): NetnsAddresses[] => [
	{netns: NS, ipv4: ['127.0.0.1', '172.17.0.2'], ipv6: ['::1'], published: [port]},
];
const listener = (localAddress: string, localPort = 80): SocketRecord => ({
	...rec({localAddress, localPort, state: 'LISTEN', pid: 7}),
	netns: NS,
	container: 'docker:web',
});

describe('a listener published by docker-proxy', () => {
	it('no route to the container: the host port, with its port, and the footer says so', () => {
		const got = netnsScanTarget(listener('0.0.0.0'), withProxy(proxy(false)));
		assert.equal(got?.target, '127.0.0.1');
		assert.equal(got?.ports, '8080');
		assert.equal(
			got?.message?.text,
			'172.17.0.2 (docker:web) is not routed here: scanning 127.0.0.1:8080, where docker-proxy publishes its port 80',
		);
	});

	it('a route to the container: its own address, the host port named as the other choice', () => {
		const got = netnsScanTarget(listener('0.0.0.0'), withProxy(proxy(true)));
		assert.equal(got?.target, '172.17.0.2');
		assert.equal(got?.ports, undefined, 'the last scan ports stay');
		assert.equal(
			got?.message?.text,
			"172.17.0.2 is docker:web's address, routed here; docker-proxy also publishes port 80 on 127.0.0.1:8080",
		);
	});

	it('a proxy bound to one host address targets it; a listener on the container address matches too', () => {
		const got = netnsScanTarget(listener('172.17.0.2'), withProxy(proxy(false, '192.0.2.7')));
		assert.equal(got?.target, '192.0.2.7');
		assert.equal(got?.ports, '8080');
	});

	it('another port of the container, or a loopback listener, is not the proxied one', () => {
		assert.equal(netnsScanTarget(listener('0.0.0.0', 81), withProxy(proxy(false)))?.target, '172.17.0.2');
		assert.equal(netnsScanTarget(listener('127.0.0.1'), withProxy(proxy(false)))?.target, '');
	});

	it('s in the dashboard prefills target and ports from the proxy', () => {
		const record = listener('0.0.0.0');
		const view = {...viewOf({rows: [rowOf(record)]})};
		const snapshotView = {...view, snapshot: {...view.snapshot, netnsAddresses: withProxy(proxy(false))}};
		const {state} = reduceKeys(initial({focus: 'listening'}), read('s', 1), snapshotView);
		assert.equal(state.scanInput?.target, '127.0.0.1');
		assert.equal(state.scanInput?.ports, '8080');
		assert.match(state.message?.text ?? '', /where docker-proxy publishes its port 80/);
	});
});
