// `socktop details PID`: one process's details (command line, user, parent pid) as one JSON
// line, read from this machine's /proc. A `--host` dashboard elsewhere runs it over ssh for
// the detail view of a remote row (sources/remote/remote-details.ts), so the details come
// from the host that owns the pid. With SOCKTOP_PROTOCOL set, a hello line with the
// protocol version comes first, as in the `--json` stream, so the reader can check it.
import {STREAM_PROTOCOL} from '../model/stream-protocol.js';
import {createProcfsProcessInfo, type ProcessInfoReader} from '../os/process-info.js';
import {createUserNames} from '../os/users.js';
import {helloEvent} from './stream-events.js';

interface Io {
	readonly stdout: {write(text: string): unknown};
	readonly stderr: {write(text: string): unknown};
}

export const DETAILS_USAGE = 'usage: socktop details PID';

/** The process event: `{"event":"process","pid":…,"command":…,"user":…,"ppid":…}`, `gone` when not readable. */
export async function detailsLine(pid: number, read: ProcessInfoReader): Promise<string> {
	const details = await read(pid);
	return JSON.stringify(
		details === null
			? {event: 'process', pid, gone: true}
			: {event: 'process', pid, command: details.command, user: details.user, ppid: details.ppid},
	);
}

export async function runDetailsCommand(
	argv: readonly string[],
	io: Io,
	env: NodeJS.ProcessEnv,
	read: ProcessInfoReader = defaultReader(),
): Promise<number> {
	const [text, ...rest] = argv;
	if (text === undefined || rest.length > 0 || !/^\d{1,9}$/.test(text) || Number(text) < 1) {
		io.stderr.write(`socktop: ${DETAILS_USAGE} (a pid, a whole number above 0)\n`);
		return 2;
	}
	if (env.SOCKTOP_PROTOCOL) io.stdout.write(`${helloEvent(STREAM_PROTOCOL)}\n`);
	io.stdout.write(`${await detailsLine(Number(text), read)}\n`);
	return 0;
}

function defaultReader(): ProcessInfoReader {
	const userNames = createUserNames({
		readFile: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8'),
	});
	return createProcfsProcessInfo(async (uid) => (await userNames.lookup([uid])).get(uid) ?? null);
}
