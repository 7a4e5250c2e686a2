// The real file calls behind container-names.ts, and where this user's Podman stores are.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import type {ContainerNamesFs} from './container-names.js';

export const nodeContainerNamesFs: ContainerNamesFs = {
	readdirSync: (path) => readdirSync(path),
	readFileSync: (path) => readFileSync(path, 'utf8'),
	mtimeMs: (path) => {
		try {
			return statSync(path).mtimeMs;
		} catch {
			return null;
		}
	},
};

/** The rootful store, then this user's rootless one (containers-storage.conf defaults). */
export function podmanStores(env: NodeJS.ProcessEnv): string[] {
	const stores = ['/var/lib/containers/storage'];
	const data = env.XDG_DATA_HOME || (env.HOME ? `${env.HOME}/.local/share` : null);
	if (data) stores.push(`${data}/containers/storage`);
	return stores;
}
