import {open} from 'node:fs/promises';

const MAX_BYTES = 4 * 1024 * 1024;

/**
 * The text of /etc/services, or undefined when it is missing, unreadable or
 * implausibly large (callers then use the built-in table alone).
 */
export async function readEtcServices(path = '/etc/services'): Promise<string | undefined> {
	let handle: Awaited<ReturnType<typeof open>> | undefined;
	try {
		handle = await open(path, 'r');
		const {size, isFile} = await handle.stat().then((stat) => ({size: stat.size, isFile: stat.isFile()}));
		if (!isFile || size > MAX_BYTES) return undefined;
		return await handle.readFile('utf8');
	} catch {
		return undefined;
	} finally {
		await handle?.close().catch(() => {});
	}
}
