// Where a procfs poll spends its time, measured piece by piece with the same
// building blocks the source uses (sequentially, so the pieces add up), plus a
// sampled CPU profile of real polls.
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {Session} from 'node:inspector/promises';
import {performance} from 'node:perf_hooks';
import {makeRecord} from '../source/model/socket-record.js';
import {type ProcNetEntry, type ProcNetFile, parseProcNet} from '../source/sources/procfs/parse-proc-net.js';
import {createProcessOwners} from '../source/sources/procfs/process-owners.js';
import {createProcfsSource} from '../source/sources/procfs/procfs-source.js';
import {keyRecords} from '../source/store/record-differ.js';
import {median, ms, type Print} from './lib.js';

const FILES: readonly ProcNetFile[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const REPEAT = 5;

const readOptional = (path: string) => readFile(path, 'utf8').catch(() => '');
function readOptionalSync(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}

async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ms: number; value: T}> {
	const started = performance.now();
	const value = await fn();
	return {ms: performance.now() - started, value};
}

async function medianOf<T>(fn: () => Promise<T> | T): Promise<{ms: number; value: T}> {
	const times: number[] = [];
	let value!: T;
	for (let i = 0; i < REPEAT; i++) {
		const run = await timeIt(fn);
		times.push(run.ms);
		value = run.value;
	}
	return {ms: median(times), value};
}

export async function procfsBreakdown(out: Print, steadyMs: number): Promise<void> {
	const signal = new AbortController().signal;
	const line = (label: string, value: string) => out(`    ${label.padEnd(58)} ${value}`);

	// 1. Reading the four tables the way the source does (fs.promises, UTF-8), one after the other.
	const asyncRead = await medianOf(async () => {
		const texts: string[] = [];
		for (const file of FILES) texts.push(await readOptional(`/proc/net/${file}`));
		return texts;
	});
	const bytes = asyncRead.value.reduce((sum, text) => sum + text.length, 0);
	line(`read /proc/net/{tcp,tcp6,udp,udp6} (fs.promises, ${(bytes / 1e6).toFixed(2)} MB)`, ms(asyncRead.ms));

	// 2. The same synchronously, split into kernel (generating the text) and user time.
	const cpu: {user: number; system: number; wall: number}[] = [];
	for (let i = 0; i < REPEAT; i++) {
		const before = process.cpuUsage();
		const started = performance.now();
		for (const file of FILES) readOptionalSync(`/proc/net/${file}`);
		const wall = performance.now() - started;
		const used = process.cpuUsage(before);
		cpu.push({user: used.user / 1000, system: used.system / 1000, wall});
	}
	line(
		'  same, readFileSync: wall / kernel (system) / user CPU',
		`${ms(median(cpu.map((c) => c.wall)))} / ${ms(median(cpu.map((c) => c.system)))} / ${ms(median(cpu.map((c) => c.user)))}`,
	);

	// 3. Parsing the text in JS.
	const parsed = await medianOf(() =>
		FILES.flatMap((file, index) => parseProcNet(asyncRead.value[index]!, file, {}).entries),
	);
	const entries: ProcNetEntry[] = parsed.value;
	line(`parse ${entries.length} lines (parseProcNet)`, ms(parsed.ms));

	// 4. Owners: the walk (first poll) and a cache hit (steady polls).
	const owners = createProcessOwners();
	const inodes = entries.map((entry) => entry.inode);
	const walk = await timeIt(() => owners.resolve(inodes, signal));
	const cached = await medianOf(() => owners.resolve(inodes, signal));
	line(`owner lookup, cache hit (steady polls; ${cached.value.size} inodes known)`, ms(cached.ms));
	line('owner lookup, full walk of /proc/*/fd (first poll; every 30 s)', ms(walk.ms));

	// 5. Building the records.
	const built = await medianOf(() =>
		// As procfs-source.ts's toRecord does it.
		entries.map((entry) =>
			makeRecord({
				proto: entry.proto,
				family: entry.family,
				localAddress: entry.localAddress,
				localPort: entry.localPort,
				remoteAddress: entry.remoteAddress,
				remotePort: entry.remotePort,
				state: entry.state,
				owners: cached.value.get(entry.inode) ?? [],
				uid: entry.uid,
				user: 'root',
				inode: entry.inode,
			}),
		),
	);
	line(`build ${built.value.length} records (makeRecord)`, ms(built.ms));
	const sum = asyncRead.ms + parsed.ms + cached.ms + built.ms;
	line('sum of the steady pieces above', `${ms(sum)} (steady poll median was ${ms(steadyMs)})`);

	// 6. For scale: what the store does with every poll's records (not part of the source's poll).
	const keyed = await medianOf(() => keyRecords(built.value));
	line(`store: keyRecords over ${keyed.value.size} records (per poll, in the store)`, ms(keyed.ms));
}

interface ProfileNode {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
}

function category(node: ProfileNode): string {
	const {functionName, url} = node.callFrame;
	if (functionName === '(idle)') return 'idle: main thread waiting (threadpool reads, i.e. kernel work)';
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(program)') return 'V8/native, unattributed';
	if (/parse-proc-net|format-address|parse-in-chunks/.test(url)) return 'JS: parsing /proc/net text';
	if (/process-owners|work-pool/.test(url)) return 'JS: owner lookup';
	if (/users\.js|users\.ts/.test(url)) return 'JS: user names';
	if (/procfs-source|socket-record/.test(url)) return 'JS: building records';
	if (/^node:/.test(url) || url === '') return 'node internals (fs, promises, natives)';
	return 'other JS';
}

/** Profiles `polls` steady polls of a fresh (already warmed) procfs source and prints where the samples fall. */
export async function profileProcfs(out: Print, polls: number): Promise<void> {
	const source = createProcfsSource();
	const signal = new AbortController().signal;
	await source.read(signal); // the walk, not profiled
	const session = new Session();
	session.connect();
	try {
		await session.post('Profiler.enable');
		await session.post('Profiler.setSamplingInterval', {interval: 100});
		await session.post('Profiler.start');
		const started = performance.now();
		for (let i = 0; i < polls; i++) await source.read(signal);
		const wall = performance.now() - started;
		const {profile} = (await session.post('Profiler.stop')) as {
			profile: {nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]};
		};
		const byId = new Map(profile.nodes.map((node) => [node.id, node]));
		const selfUs = new Map<number, number>();
		profile.samples.forEach((id, index) => {
			selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
		});
		const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
		const categories = new Map<string, number>();
		const functions = new Map<string, number>();
		for (const [id, us] of selfUs) {
			const node = byId.get(id);
			if (!node) continue;
			const name = category(node);
			categories.set(name, (categories.get(name) ?? 0) + us);
			const {functionName, url, lineNumber} = node.callFrame;
			const where = url ? `${url.replace(/^.*\/(source|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
			const key = `${functionName || '(anonymous)'} ${where}`.trim();
			functions.set(key, (functions.get(key) ?? 0) + us);
		}
		const share = (us: number) =>
			`${(us / 1000 / polls).toFixed(1).padStart(6)} ms/poll  ${((100 * us) / total).toFixed(0).padStart(3)} %`;
		out(
			`    ${polls} polls took ${ms(wall)} (${ms(wall / polls)} each, profiler on); self time by category:`,
		);
		for (const [name, us] of [...categories].sort((a, b) => b[1] - a[1])) out(`      ${share(us)}  ${name}`);
		out('    top functions by self time:');
		for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 10))
			out(`      ${share(us)}  ${name}`);
		await session.post('Profiler.disable');
	} finally {
		session.disconnect();
	}
}
