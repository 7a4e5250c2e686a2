// The note a source gives when some network namespaces' sockets are older than the poll
// (they are read in turn: see sources/procfs/netns-cadence.ts), worded once here so the
// dashboard's header can show it short.

const NOTE =
	/^(\d+) network namespaces are read in turn to keep polls short: their sockets can be up to (\d+) s old$/;

export function cadenceNote(namespaces: number, seconds: number): string {
	return `${namespaces} network namespaces are read in turn to keep polls short: their sockets can be up to ${seconds} s old`;
}

/** The age bound (seconds) in a cadence note among WARNINGS, or null when there is none. */
export function cadenceAge(warnings: readonly string[]): number | null {
	for (const warning of warnings) {
		const match = NOTE.exec(warning);
		if (match) return Number(match[2]);
	}
	return null;
}
