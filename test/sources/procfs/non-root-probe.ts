// Run by non-root.test.ts as an unprivileged user: opens its own listener,
// reads the procfs source, prints what it saw of that listener and of the
// listener on the port given as argv[2] (opened by root), as JSON.
import {once} from 'node:events';
import net from 'node:net';
import {createProcfsSource} from '../../../source/sources/procfs/procfs-source.js';

const otherPort = Number(process.argv[2]);
const server = net.createServer().listen(0, '127.0.0.1');
await once(server, 'listening');
const ownPort = (server.address() as net.AddressInfo).port;
const result = await createProcfsSource().read(new AbortController().signal);
const pick = (port: number) =>
	result.records.find((r) => r.localPort === port && r.state === 'LISTEN') ?? null;
process.stdout.write(
	JSON.stringify({
		pid: process.pid,
		euid: process.geteuid?.(),
		own: pick(ownPort),
		other: pick(otherPort),
		unattributed: result.unattributed,
		unattributedCause: result.unattributedCause,
		warnings: result.warnings,
	}),
);
server.close();
