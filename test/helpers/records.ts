import {makeRecord, type SocketRecord, type SocketState} from '../../source/model/socket-record.js';

/** A compact way to write records in tests. */
export function rec(
	fields: Partial<Omit<SocketRecord, 'owners'>> & {
		owners?: readonly {pid: number; process: string}[];
		state?: SocketState;
	},
): SocketRecord {
	const owners =
		fields.owners ?? (fields.pid != null ? [{pid: fields.pid, process: fields.process ?? 'proc'}] : []);
	return makeRecord({
		proto: fields.proto ?? 'tcp',
		family: fields.family ?? 4,
		localAddress: fields.localAddress ?? '127.0.0.1',
		localPort: fields.localPort ?? 8080,
		remoteAddress: fields.remoteAddress ?? null,
		remotePort: fields.remotePort ?? null,
		state: fields.state ?? 'LISTEN',
		owners,
		uid: fields.uid ?? null,
		user: fields.user ?? null,
		inode: fields.inode ?? null,
		host: fields.host ?? 'local',
		netns: fields.netns ?? null,
		container: fields.container ?? null,
	});
}

/** Three sockets the store tests share: two listeners and a connection to one of them. */
export const storeSamples = {
	web: rec({localPort: 80, pid: 10, process: 'nginx'}),
	ssh: rec({localPort: 22, pid: 11, process: 'sshd'}),
	conn: rec({localPort: 22, remoteAddress: '10.0.0.9', remotePort: 50000, state: 'ESTABLISHED', pid: 12}),
};

/** `count` established loopback connections (ports 10000+ → 20000+), each with its own pid. */
export const loopbackConnections = (count: number): SocketRecord[] =>
	Array.from({length: count}, (_, i) =>
		rec({
			localPort: 10_000 + i,
			remoteAddress: '127.0.0.1',
			remotePort: 20_000 + i,
			state: 'ESTABLISHED',
			pid: i + 2,
		}),
	);

/** Listeners a typical server shows, with owners and users, for the screen and column tests. */
export const serverListeners = {
	sshd: rec({localAddress: '0.0.0.0', localPort: 22, pid: 812, process: 'sshd', user: 'root', uid: 0}),
	postgres: rec({
		localAddress: '127.0.0.1',
		localPort: 5432,
		pid: 900,
		process: 'postgres',
		user: 'postgres',
		uid: 110,
	}),
	nginx6: rec({
		family: 6,
		localAddress: '::',
		localPort: 80,
		pid: 1200,
		process: 'nginx',
		user: 'www-data',
		uid: 33,
	}),
	resolver: rec({
		proto: 'udp',
		localAddress: '127.0.0.53',
		localPort: 53,
		state: 'UNCONN',
		pid: 400,
		process: 'systemd-resolved',
	}),
};
