// uid → user name from /etc/passwd. Users served by NSS only (LDAP, sssd,
// systemd-homed) are not in the file and come back as null.

/** Parses passwd(5) text; the first line for a uid wins, as getpwuid does. Bad lines are ignored. */
export function parsePasswd(text: string): Map<number, string> {
	const users = new Map<number, string>();
	for (const line of text.split('\n')) {
		if (line.startsWith('#')) continue;
		const [name, , uidText] = line.split(':');
		if (!name || !uidText || !/^\d{1,10}$/.test(uidText)) continue;
		const uid = Number(uidText);
		if (!users.has(uid)) users.set(uid, name);
	}
	return users;
}

export interface UserNamesOptions {
	readonly path?: string;
	readonly readFile: (path: string) => Promise<string>;
	readonly now?: () => number;
	/** A uid missing from the cache re-reads the file, at most this often (accounts get added). */
	readonly refreshMs?: number;
}

export interface UserNames {
	/** Names for the given uids (null when unknown). Never rejects: no passwd file = no names. */
	lookup(uids: Iterable<number>): Promise<Map<number, string | null>>;
}

export function createUserNames(options: UserNamesOptions): UserNames {
	const {path = '/etc/passwd', readFile, now = Date.now, refreshMs = 60_000} = options;
	let users: Map<number, string> | null = null;
	let loadedAt = 0;

	const load = async () => {
		try {
			users = parsePasswd(await readFile(path));
		} catch {
			users = new Map();
		}
		loadedAt = now();
	};

	return {
		async lookup(uids) {
			const wanted = [...new Set(uids)];
			const stale = users === null || now() - loadedAt >= refreshMs;
			if (stale && (users === null || wanted.some((uid) => !users?.has(uid)))) await load();
			const names = new Map<number, string | null>();
			for (const uid of wanted) names.set(uid, users?.get(uid) ?? null);
			return names;
		},
	};
}
