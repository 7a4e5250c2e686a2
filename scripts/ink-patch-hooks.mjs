// Module hooks (registered by ink-patch-register.mjs) that patch Ink's files as they
// load, so tests and benches run the same Ink as the bundle without touching node_modules.
import {inkPatches, inkPathOf, patchInkFile} from './ink-patch.mjs';

export async function load(url, context, nextLoad) {
	const result = await nextLoad(url, context);
	const path = url.startsWith('file:') ? inkPathOf(url) : null;
	if (!path || !inkPatches().has(path) || result.source == null) return result;
	return {...result, source: patchInkFile(path, String(result.source))};
}
