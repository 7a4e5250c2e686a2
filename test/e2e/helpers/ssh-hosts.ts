// "Hosts" for the many-hosts tests and bench: each a network namespace (named ho-…) joined
// to this one by a veth pair, with its own sshd (run as root inside it, `-D`, a test config
// and a host key made here). Each looks like a separate machine to what runs in it: its own
// PID namespace and /proc (sshd under `unshare --pid --fork --mount-proc`), and its own mount
// namespace with an empty /run/netns. Without that last part a root socktop on one host
// listed the other hosts' sockets: it reads every `ip netns` namespace under /run/netns
// (procfs-source, named-netns-read.ts), and this machine's /run/netns holds every host's
// (the hosts bench counted 20,004, 40,007 and 60,010 rows for three hosts of 20,002 sockets:
// each host's copy of the mount table held the namespaces made before it). The client side is a test-only HOME: a key, known_hosts and an
// ssh config with one alias per host, plus aliases for the faults (unknown host key, wrong
// key). ssh reads ~/.ssh/config from the passwd entry, not $HOME, so an `ssh` wrapper first
// on PATH adds `-F` with that config; socktop itself runs `ssh` from PATH as it always does.
// No packet leaves the namespaces and the veths made here.
import {randomInt} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CLI_PATH, NODE} from './paths.js';
import {Child, run, uniqueToken} from './process.js';
import {waitFor} from './wait.js';

export const SSHD_PORT = 27022;

export interface HostSpec {
	/** The ssh alias, one letter (a, b, c). */
	readonly name: string;
	/** Whether `socktop` (this checkout's dist/cli.js) is on the host's PATH. */
	readonly socktop: boolean;
}

export interface TestHost extends HostSpec {
	readonly ns: string;
	readonly address: string;
	readonly rootDev: string;
	sshd: Child;
}

export interface SshHosts {
	readonly dir: string;
	readonly hosts: readonly TestHost[];
	/** Environment for socktop: PATH with the ssh wrapper first, TMPDIR private, HOME the test's. */
	readonly env: NodeJS.ProcessEnv;
	/** Runs a command inside a host's namespaces (network, PID, mount: its /proc and /run/netns). */
	nsRun(host: TestHost, file: string, args: readonly string[]): ReturnType<typeof run>;
	/** Starts a process inside a host's namespaces (network, PID, mount). */
	nsSpawn(host: TestHost, file: string, args: readonly string[]): Child;
	/** Drops every packet to the host's sshd in its namespace (nft), or lets them through again. */
	blackhole(host: TestHost, on: boolean): Promise<void>;
	close(): Promise<void>;
}

async function must(file: string, args: readonly string[]): Promise<string> {
	const result = await run(file, args, {timeoutMs: 20_000});
	if (result.code !== 0)
		throw new Error(`${file} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
	return result.stdout;
}

/** Why these tests cannot run here, or null. */
export async function sshHostsUnavailable(): Promise<string | null> {
	if (process.platform !== 'linux') return 'namespaces and sshd: Linux only';
	if (process.getuid?.() !== 0) return 'needs root (network namespaces, sshd)';
	for (const [file, args] of [
		['/usr/sbin/sshd', ['-V']],
		['ssh', ['-V']],
		['ssh-keygen', ['-?']],
		['ip', ['-V']],
		['nft', ['-v']],
		['ss', ['-V']],
	] as const) {
		const result = await run(file, args).catch(() => ({code: -1}));
		if (result.code === -1 || result.code === null)
			return `${file} is not installed (openssh-server, iproute2, nftables)`;
	}
	return null;
}

function portOpen(address: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({host: address, port});
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
		socket.setTimeout(1000, () => done(false));
	});
}

/**
 * A process started through nsenter into a PID namespace: nsenter forks it and only waits
 * (no --kill-child in util-linux 2.38), so `stop` signals the process itself first.
 */
class NsenterChild extends Child {
	override async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
		if (!this.hasExited && this.process.pid !== undefined) {
			const pid = this.process.pid;
			let inner: string[] = [];
			try {
				inner = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
			} catch {
				// nsenter is gone already
			}
			for (const child of inner.filter(Boolean)) {
				try {
					process.kill(Number(child), signal);
				} catch {
					// gone meanwhile
				}
			}
		}
		await super.stop(signal, graceMs);
	}
}

/** argv that runs `file` in the host's namespaces: network, PID and mount (/proc, /run/netns). */
function enter(host: TestHost, file: string, args: readonly string[]): [string, string[]] {
	// unshare's one child is the namespace's pid 1 (sshd): enter its namespaces.
	const inner = readFileSync(`/proc/${host.sshd.pid}/task/${host.sshd.pid}/children`, 'utf8').trim();
	if (!/^\d+$/.test(inner)) throw new Error(`no pid 1 under unshare ${host.sshd.pid}: ${inner}`);
	return ['nsenter', ['-t', inner, '-n', '-p', '-m', file, ...args]];
}

export async function startSshHosts(specs: readonly HostSpec[]): Promise<SshHosts> {
	const dir = mkdtempSync(join(tmpdir(), 'ho-'));
	chmodSync(dir, 0o755);
	const tag = uniqueToken('', 2); // 4 hex digits: veth names stay within 15 characters
	const home = join(dir, 'home');
	const sshDir = join(home, '.ssh');
	mkdirSync(sshDir, {recursive: true, mode: 0o700});
	mkdirSync(join(dir, 'tmp'), {mode: 0o700});
	mkdirSync(join(dir, 'remote-home'), {mode: 0o700});
	const key = join(sshDir, 'id_ed25519');
	const wrongKey = join(sshDir, 'wrong_ed25519');
	await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ho-test', '-f', key]);
	await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ho-wrong', '-f', wrongKey]);
	writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${key}.pub`));
	chmodSync(join(dir, 'authorized_keys'), 0o600);
	// A socktop on the PATH of hosts that have one: this checkout's build.
	const binDir = join(dir, 'remote-bin');
	mkdirSync(binDir);
	writeFileSync(join(binDir, 'socktop'), `#!/bin/sh\nexec ${NODE} ${CLI_PATH} "$@"\n`, {mode: 0o755});

	const hosts: TestHost[] = [];
	const knownHosts: string[] = [];
	const config: string[] = [];
	const closeAll = async () => {
		for (const host of hosts) await host.sshd?.stop('SIGTERM', 2000);
		// sshd's session processes outlive the listener, and once the veth is gone their peers
		// can never close: end every process left in the namespace before removing it.
		for (const host of hosts) {
			const left = await run('ip', ['netns', 'pids', host.ns]).catch(() => null);
			for (const pid of (left?.stdout ?? '').split(/\s+/).filter(Boolean)) {
				try {
					process.kill(Number(pid), 'SIGKILL');
				} catch {
					// gone meanwhile
				}
			}
		}
		for (const host of hosts) {
			await run('ip', ['link', 'del', host.rootDev]).catch(() => {});
			await run('ip', ['netns', 'del', host.ns]).catch(() => {});
		}
		rmSync(dir, {recursive: true, force: true});
	};
	try {
		const used = new Set<number>();
		const starts: (() => void)[] = [];
		for (const spec of specs) {
			let block: number;
			do block = randomInt(0, 64) * 4;
			while (used.has(block));
			used.add(block);
			const ns = `ho-${tag}-${spec.name}`;
			const rootDev = `ho${tag}${spec.name}`;
			const nsDev = `ho${tag}${spec.name}p`;
			const third = randomInt(0, 256);
			const rootAddress = `10.227.${third}.${block + 1}`;
			const address = `10.227.${third}.${block + 2}`;
			await must('ip', ['netns', 'add', ns]);
			const host: TestHost = {...spec, ns, address, rootDev, sshd: undefined as unknown as Child};
			hosts.push(host);
			await must('ip', ['link', 'add', rootDev, 'type', 'veth', 'peer', 'name', nsDev, 'netns', ns]);
			await must('ip', ['addr', 'add', `${rootAddress}/30`, 'dev', rootDev]);
			await must('ip', ['link', 'set', rootDev, 'up']);
			await must('ip', ['-n', ns, 'addr', 'add', `${address}/30`, 'dev', nsDev]);
			await must('ip', ['-n', ns, 'link', 'set', nsDev, 'up']);
			await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
			const hostDir = join(dir, spec.name);
			mkdirSync(hostDir);
			const hostKey = join(hostDir, 'host_ed25519');
			await must('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
			const path = `${spec.socktop ? `${binDir}:` : ''}/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`;
			const sshdConfig = join(hostDir, 'sshd_config');
			writeFileSync(
				sshdConfig,
				[
					`ListenAddress ${address}:${SSHD_PORT}`,
					`HostKey ${hostKey}`,
					`PidFile ${join(hostDir, 'sshd.pid')}`,
					`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
					'PermitRootLogin prohibit-password',
					'PasswordAuthentication no',
					'KbdInteractiveAuthentication no',
					'UsePAM no',
					'StrictModes no',
					'MaxSessions 50',
					'MaxStartups 50',
					// HOME: this machine's root has a slow ~/.bashrc (≈4 s), which bash reads for ssh commands.
					`SetEnv PATH=${path} HOME=${join(dir, 'remote-home')}`,
					'',
				].join('\n'),
			);
			// Started once every namespace exists, so each host's mount table holds them all and
			// only the empty /run/netns mounted over them keeps them out of its view (the e2e
			// test's --once comparison then fails without it, whatever the order of the hosts).
			starts.push(() => {
				host.sshd = new Child('ip', [
					'netns',
					'exec',
					ns,
					'unshare',
					'--pid',
					'--fork',
					'--mount-proc',
					'--kill-child',
					'sh',
					'-c',
					'mount -t tmpfs -o size=64k,mode=755 ho-netns /run/netns && exec "$@"',
					'sh',
					'/usr/sbin/sshd',
					'-D',
					'-e',
					'-f',
					sshdConfig,
				]);
			});
			const pub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
			knownHosts.push(`[${address}]:${SSHD_PORT} ${pub}`);
			const common = [
				`  HostName ${address}`,
				`  Port ${SSHD_PORT}`,
				'  User root',
				'  IdentitiesOnly yes',
				'  GlobalKnownHostsFile /dev/null',
				'  StrictHostKeyChecking yes',
				'  LogLevel ERROR',
			];
			config.push(
				`Host ${spec.name}`,
				...common,
				`  IdentityFile ${key}`,
				`  UserKnownHostsFile ${join(sshDir, 'known_hosts')}`,
				`Host ${spec.name}-unknownkey`,
				...common,
				`  IdentityFile ${key}`,
				`  UserKnownHostsFile ${join(sshDir, 'known_hosts_empty')}`,
				`Host ${spec.name}-wrongkey`,
				...common,
				`  IdentityFile ${wrongKey}`,
				`  UserKnownHostsFile ${join(sshDir, 'known_hosts')}`,
			);
		}
		for (const start of starts) start();
		writeFileSync(join(sshDir, 'known_hosts'), `${knownHosts.join('\n')}\n`);
		writeFileSync(join(sshDir, 'known_hosts_empty'), '');
		writeFileSync(join(sshDir, 'config'), `${config.join('\n')}\n`, {mode: 0o600});
		const wrapperDir = join(dir, 'client-bin');
		mkdirSync(wrapperDir);
		writeFileSync(
			join(wrapperDir, 'ssh'),
			`#!/bin/sh\nexec /usr/bin/ssh -F ${join(sshDir, 'config')} "$@"\n`,
			{mode: 0o755},
		);
		for (const host of hosts) {
			await waitFor(`sshd in ${host.ns}`, () => portOpen(host.address, SSHD_PORT), {
				timeoutMs: 15_000,
				describe: () => host.sshd.stderr,
			});
		}
	} catch (error) {
		await closeAll();
		throw error;
	}
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PATH: `${join(dir, 'client-bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		HOME: home,
		TMPDIR: join(dir, 'tmp'),
		NO_COLOR: '1',
	};
	return {
		dir,
		hosts,
		env,
		nsRun: (host, file, args) => run(...enter(host, file, args), {timeoutMs: 20_000}),
		nsSpawn: (host, file, args) => new NsenterChild(...enter(host, file, args)),
		async blackhole(host, on) {
			if (on) {
				await must('ip', ['netns', 'exec', host.ns, 'nft', 'add', 'table', 'inet', 'ho']);
				await must('ip', [
					'netns',
					'exec',
					host.ns,
					'nft',
					'add chain inet ho in { type filter hook input priority 0 ; policy accept ; }',
				]);
				await must('ip', [
					'netns',
					'exec',
					host.ns,
					'nft',
					`add rule inet ho in tcp dport ${SSHD_PORT} drop`,
				]);
			} else await must('ip', ['netns', 'exec', host.ns, 'nft', 'delete', 'table', 'inet', 'ho']);
		},
		close: closeAll,
	};
}
