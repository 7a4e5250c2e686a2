// The portable socket source: runs the platform's netstat and parses it.
import type {UnattributedCause} from '../../model/attribution.js';
import {makeRecord, type SocketRecord, type SourceResult} from '../../model/socket-record.js';
import type {UserNames} from '../../os/users.js';
import {nodeProcFs} from '../procfs/proc-fs.js';
import {readProcessName} from '../procfs/process-name.js';
import {runCommand} from '../run-command.js';
import {type SocketSource, SourceError, toSourceError} from '../source.js';
import {type CommandSpec, type NetstatCommands, netstatCommands} from './netstat-command.js';
import {NOT_ROOT_WARNING} from './parse-linux.js';
import {parseNetstat} from './parse-netstat.js';
import {mergeParses, type NetstatParse, warnOnce} from './parse-result.js';
import {applyProcessNames, parseTasklist} from './parse-tasklist.js';

export interface NetstatSourceOptions {
	readonly platform?: NodeJS.Platform;
	readonly run?: typeof runCommand;
	/** uid → user name (the one /etc/passwd cache); without it `user` stays null. */
	readonly userNames?: UserNames;
	/**
	 * pid → its name as the procfs source gives it (null: unknown). net-tools prints the
	 * basename of argv[0], cut at 20 characters (`sshd: root@pts/0` shows as `0`), while procfs
	 * shows `comm`: both sources must name a process the same way. Default on Linux with the
	 * real netstat: read /proc/<pid>/comm; a fake `run` gets no names from /proc.
	 */
	readonly processName?: ((pid: number) => Promise<string | null>) | null;
	/** Effective uid of this process; decides why sockets can be unattributed. */
	readonly euid?: number | null;
}

/** Output past this is not a socket table any more. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function createNetstatSource(options: NetstatSourceOptions = {}): SocketSource {
	const {platform = process.platform, run = runCommand, userNames} = options;
	const processName =
		options.processName !== undefined
			? options.processName
			: platform === 'linux' && options.run === undefined
				? procName
				: null;
	const euid = options.euid !== undefined ? options.euid : (process.geteuid?.() ?? null);
	return {
		name: 'netstat',
		async read(signal) {
			const commands = netstatCommands(platform);
			const parses: NetstatParse[] = [];
			for (const spec of commands.runs) parses.push(await runOne(run, spec, commands, platform, signal));
			const parse = mergeParses(parses);
			if (parse.records.length === 0 && parse.skipped > 0) {
				throw new SourceError(
					'PARSE',
					`netstat printed ${parse.skipped} lines socktop could not read and no sockets`,
				);
			}
			let records: SocketRecord[] = parse.records;
			if (commands.processNames) records = await nameProcesses(run, commands, records, parse, signal);
			if (processName) records = await withProcNames(records, processName);
			if (userNames) records = await withUserNames(records, userNames);
			// net-tools' own note becomes the cause; the CLI and the dashboard word it.
			const notRoot = parse.warnings.includes(NOT_ROOT_WARNING);
			const unattributedCause: UnattributedCause | null =
				notRoot || (euid !== null && euid !== 0) ? 'not-root' : euid === 0 ? 'hidden-from-root' : null;
			return {
				records,
				unattributed: parse.unattributed,
				unattributedCause: platform === 'linux' ? unattributedCause : null,
				skippedLines: parse.skipped,
				warnings: parse.warnings.filter((warning) => warning !== NOT_ROOT_WARNING),
			} satisfies SourceResult;
		},
	};
}

async function runOne(
	run: typeof runCommand,
	spec: CommandSpec,
	commands: NetstatCommands,
	platform: NodeJS.Platform,
	signal: AbortSignal,
): Promise<NetstatParse> {
	let output: Awaited<ReturnType<typeof runCommand>>;
	try {
		output = await run(spec.file, spec.args, {signal, env: commands.env, maxBytes: MAX_OUTPUT_BYTES});
	} catch (error) {
		const failure = toSourceError(error);
		if (failure.code === 'ENOENT') throw new SourceError('ENOENT', commands.notFound);
		throw new SourceError(failure.code, firstLine(failure.message));
	}
	// stderr goes in first: net-tools prints its "not all processes could be identified" note there.
	const parse = parseNetstat(platform, `${output.stderr}\n${output.stdout}`);
	if (output.code !== 0) {
		const how = output.code === null ? 'was killed' : `exited with code ${output.code}`;
		const detail = firstLine(output.stderr);
		if (parse.records.length === 0) {
			throw new SourceError('EXIT', `${spec.file} ${how}${detail ? `: ${detail}` : ''}`);
		}
		warnOnce(parse, `${spec.file} ${how}; the sockets it listed are shown`);
	}
	return parse;
}

/** Windows: name the pids with tasklist. Failing that, pids stay unnamed (abort still aborts). */
async function nameProcesses(
	run: typeof runCommand,
	commands: NetstatCommands,
	records: SocketRecord[],
	parse: NetstatParse,
	signal: AbortSignal,
): Promise<SocketRecord[]> {
	const spec = commands.processNames;
	if (!spec || !records.some((record) => record.pid !== null)) return records;
	try {
		const output = await run(spec.file, spec.args, {signal, env: commands.env, maxBytes: MAX_OUTPUT_BYTES});
		return applyProcessNames(records, parseTasklist(output.stdout));
	} catch (error) {
		const failure = toSourceError(error);
		if (failure.code === 'TIMEOUT' || signal.aborted) throw failure;
		warnOnce(parse, `process names are missing: ${spec.file} failed (${failure.message})`);
		return records;
	}
}

const procName = async (pid: number): Promise<string | null> => {
	try {
		return readProcessName(nodeProcFs, `/proc/${pid}`);
	} catch {
		return null; // exited meanwhile
	}
};

/** Owners renamed by NAME (once per pid); a pid it cannot name (exited meanwhile) keeps netstat's name. */
async function withProcNames(
	records: SocketRecord[],
	name: (pid: number) => Promise<string | null>,
): Promise<SocketRecord[]> {
	const pids = new Set<number>();
	for (const record of records) for (const owner of record.owners) pids.add(owner.pid);
	const names = new Map<number, string>();
	await Promise.all(
		[...pids].map(async (pid) => {
			const found = await name(pid);
			if (found !== null) names.set(pid, found);
		}),
	);
	return records.map((record) =>
		record.owners.every((owner) => (names.get(owner.pid) ?? owner.process) === owner.process)
			? record
			: makeRecord({
					...record,
					owners: record.owners.map((owner) => ({
						pid: owner.pid,
						process: names.get(owner.pid) ?? owner.process,
					})),
				}),
	);
}

async function withUserNames(records: SocketRecord[], userNames: UserNames): Promise<SocketRecord[]> {
	const uids = records.flatMap((record) => (record.uid !== null && record.user === null ? [record.uid] : []));
	// A broken lookup leaves the names unknown rather than losing the snapshot.
	const names = await userNames.lookup(uids).catch(() => new Map<number, string | null>());
	return records.map((record) =>
		record.uid === null || record.user !== null ? record : {...record, user: names.get(record.uid) ?? null},
	);
}

function firstLine(text: string): string {
	return (
		text
			.split(/\r?\n/)
			.map((line) => line.trim())
			.find((line) => line !== '') ?? ''
	).slice(0, 200);
}
