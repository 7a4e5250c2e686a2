// Pure: the container (or unit) label of a process from its /proc/<pid>/cgroup text.
//
// /proc/<pid>/cgroup is world-readable, so this works for every user, with no runtime API.
// One line per hierarchy, `id:controllers:path`; cgroup v2 has the single line `0::path`,
// v1 one line per controller (and `name=systemd`). Runtimes name the cgroup after the
// container, with paths that depend on the cgroup driver:
//   docker   cgroupfs: /docker/<64hex>            systemd: /system.slice/docker-<64hex>.scope
//   podman   cgroupfs: /libpod_parent/libpod-<64hex>   systemd: /machine.slice/libpod-<64hex>.scope
//            (conmon, the wrapper in the host namespace: libpod-conmon-<64hex>.scope)
//   k8s      cgroupfs: /kubepods/burstable/pod<uid>/<64hex>
//            systemd:  /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_with_underscores>.slice/cri-containerd-<64hex>.scope
//            (also crio-<64hex>.scope, docker-<64hex>.scope)
//   systemd  /system.slice/<name>.service, /machine.slice/machine-<name>.scope
// A label is per process, never per namespace: shims and wrappers live in the host namespace
// yet carry their container's cgroup.

const HEX_ID = /[0-9a-f]{64}/;
const POD = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/;
const SHORT = 12;

/** The label of one cgroup path, or null: a container runtime's first, else a systemd unit. */
export function labelOfCgroupPath(path: string): string | null {
	if (path.includes('kubepods')) {
		const pod = POD.exec(path);
		if (pod) return `k8s:${pod[1]!.replaceAll('_', '-')}`;
	}
	const parts = path.split('/').filter((part) => part !== '');
	for (let i = parts.length - 1; i >= 0; i--) {
		const part = parts[i]!;
		const libpod = /^libpod-(?:conmon-)?([0-9a-f]{64})(?:\.scope)?$/.exec(part);
		if (libpod) return `podman:${libpod[1]!.slice(0, SHORT)}`;
		const docker = /^docker-([0-9a-f]{64})\.scope$/.exec(part);
		if (docker) return `docker:${docker[1]!.slice(0, SHORT)}`;
		if (HEX_ID.test(part) && part.length === 64 && parts[i - 1] === 'docker')
			return `docker:${part.slice(0, SHORT)}`;
	}
	for (let i = parts.length - 1; i >= 0; i--) {
		const part = parts[i]!;
		if (part.endsWith('.service') || /^machine-.+\.scope$/.test(part)) return `systemd:${part}`;
	}
	return null;
}

/**
 * The label of a process from its whole /proc/<pid>/cgroup text: a container label found on
 * any line wins over a systemd unit (under cgroup v1, controllers can disagree: a process
 * moved in one hierarchy only), and the v2 line and `name=systemd` are looked at first.
 */
export function labelOfCgroups(text: string): string | null {
	const paths: string[] = [];
	for (const line of text.split('\n')) {
		const first = line.indexOf(':');
		const second = first < 0 ? -1 : line.indexOf(':', first + 1);
		if (second < 0) continue;
		const controllers = line.slice(first + 1, second);
		const path = line.slice(second + 1);
		if (controllers === '' || controllers === 'name=systemd') paths.unshift(path);
		else paths.push(path);
	}
	let unit: string | null = null;
	for (const path of paths) {
		const label = labelOfCgroupPath(path);
		if (label === null) continue;
		if (!label.startsWith('systemd:')) return label;
		unit ??= label;
	}
	return unit;
}
