// Names for container labels (cgroup-label.ts gives ids: `docker:3f2a9c1be4d5`), where that is
// cheap and allowed: the runtimes' own state files, read only when this user may read them,
// never their APIs (no socket to a daemon, no spawn).
//   Docker  <dockerRoot>/containers/<64hex>/config.v2.json  {"Name": "/web", …}  (root only: 0710)
//   Podman  <store>/overlay-containers/containers.json  [{"id": "<64hex>", "names": ["web"]…}]
//           for the rootful store (/var/lib/containers/storage, root only) and this user's
//           rootless one ($XDG_DATA_HOME or ~/.local/share, /containers/storage)
//   k8s     <podsDir>/<namespace>_<pod>_<uid>/ (kubelet's log directories, world-readable)
// A label's name is looked up once and kept (a container's name does not change while it
// runs); a miss is kept too, until `forgetMisses` (each full owner walk, every 30 s), so an
// unreadable store costs one failed call per container per 30 s. Pure parsing apart:
// `dockerName`, `podmanNames`, `podName` take the files' text.

export interface ContainerNamesFs {
	readdirSync(path: string): string[];
	readFileSync(path: string): string;
	/** mtime in ms, or null when it cannot be stat'ed. */
	mtimeMs(path: string): number | null;
}

export interface ContainerNamesOptions {
	readonly fs: ContainerNamesFs;
	readonly dockerRoot?: string;
	/** Podman (containers/storage) graph roots, rootful first. */
	readonly podmanRoots?: readonly string[];
	readonly podsDir?: string;
}

export interface NamedLabel {
	/** What is shown: `docker:web`, else the label as given. */
	readonly label: string;
	/** The runtime id label (`docker:3f2a9c1be4d5`) when a name replaced it, else null. */
	readonly id: string | null;
}

/** The container's name from Docker's config.v2.json (its leading `/` off), or null. */
export function dockerName(configText: string): string | null {
	try {
		const name = (JSON.parse(configText) as {Name?: unknown}).Name;
		return typeof name === 'string' && name.replace(/^\//, '') !== '' ? name.replace(/^\//, '') : null;
	} catch {
		return null;
	}
}

/** Full id → first name, from containers/storage's containers.json. */
export function podmanNames(containersJson: string): Map<string, string> {
	const names = new Map<string, string>();
	try {
		const list = JSON.parse(containersJson) as unknown;
		if (!Array.isArray(list)) return names;
		for (const item of list as {id?: unknown; names?: unknown}[]) {
			const first = Array.isArray(item?.names) ? item.names[0] : undefined;
			if (typeof item?.id === 'string' && typeof first === 'string') names.set(item.id, first);
		}
	} catch {}
	return names;
}

/** `namespace/pod` of a kubelet pod log directory `<namespace>_<pod>_<uid>` with this uid, or null. */
export function podName(dirName: string, uid: string): string | null {
	if (!dirName.endsWith(`_${uid}`)) return null;
	const rest = dirName.slice(0, -uid.length - 1);
	const split = rest.indexOf('_'); // namespaces cannot hold `_` (DNS labels)
	return split > 0 ? `${rest.slice(0, split)}/${rest.slice(split + 1)}` : null;
}

export function createContainerNames(options: ContainerNamesOptions) {
	const {fs, dockerRoot = '/var/lib/docker', podsDir = '/var/log/pods'} = options;
	const podmanRoots = options.podmanRoots ?? ['/var/lib/containers/storage'];
	const known = new Map<string, string | null>();
	const podmanParsed = new Map<string, {mtime: number; names: Map<string, string>}>();

	const docker = (short: string): string | null => {
		let entries: string[];
		try {
			entries = fs.readdirSync(`${dockerRoot}/containers`);
		} catch {
			return null; // no Docker here, or not ours to read
		}
		const full = entries.find((entry) => entry.startsWith(short));
		if (full === undefined) return null;
		try {
			return dockerName(fs.readFileSync(`${dockerRoot}/containers/${full}/config.v2.json`));
		} catch {
			return null;
		}
	};
	const podman = (short: string): string | null => {
		for (const root of podmanRoots) {
			const path = `${root}/overlay-containers/containers.json`;
			const mtime = fs.mtimeMs(path);
			if (mtime === null) continue;
			let parsed = podmanParsed.get(path);
			if (parsed === undefined || parsed.mtime !== mtime) {
				try {
					parsed = {mtime, names: podmanNames(fs.readFileSync(path))};
				} catch {
					continue;
				}
				podmanParsed.set(path, parsed);
			}
			for (const [id, name] of parsed.names) if (id.startsWith(short)) return name;
		}
		return null;
	};
	const pod = (uid: string): string | null => {
		try {
			for (const entry of fs.readdirSync(podsDir)) {
				const name = podName(entry, uid);
				if (name !== null) return name;
			}
		} catch {}
		return null;
	};

	const lookup = (label: string): string | null => {
		const colon = label.indexOf(':');
		const kind = label.slice(0, colon);
		const id = label.slice(colon + 1);
		if (kind === 'docker' && /^[0-9a-f]{12}$/.test(id)) return docker(id);
		if (kind === 'podman' && /^[0-9a-f]{12}$/.test(id)) return podman(id);
		if (kind === 'k8s' && /^[0-9a-f-]{36}$/.test(id)) return pod(id);
		return null;
	};

	return {
		/** The label to show for LABEL (a name when one is found), and the id it stands for. */
		named(label: string): NamedLabel {
			let name = known.get(label);
			if (name === undefined) {
				name = lookup(label);
				known.set(label, name);
			}
			if (name === null) return {label, id: null};
			return {label: `${label.slice(0, label.indexOf(':'))}:${name}`, id: label};
		},
		/** Look misses up again (a store that was not there, a container not yet written). */
		forgetMisses() {
			for (const [label, name] of known) if (name === null) known.delete(label);
		},
	};
}

export type ContainerNames = ReturnType<typeof createContainerNames>;
