// esbuild plugin: yoga-layout's WebAssembly decoded from its embedded base64, never fetched.
//
// yoga-layout 3 (Emscripten) embeds its .wasm as a data: URI. Its loader, `ya()`, asks
// `typeof fetch` first, and where fetch exists (Node 18+) fetches that data: URI with it.
// Node's fetch is undici, loaded on first touch of the global: a --cpu-prof of the dashboard's
// start (2026-11-30, load ≈ 28 on 2 shared cores) spent 918 ms of the main thread's first
// 5.5 s under `ya()` loading and running undici, out of ≈ 5 s of CPU before the first frame.
// The base64 path next to it (`wa()`) is what runs where fetch does not exist; it is taken
// always. The replacement must match exactly once, or the build fails: yoga changed, redo it.
import {readFileSync} from 'node:fs';

export const YOGA_FROM = 'function ya(){return w||"function"!=typeof fetch?Promise.resolve()';
export const YOGA_TO = 'function ya(){return true?Promise.resolve()';

/** The loader's text with the fetch path never taken; throws when it does not match once. */
export function yogaWithoutFetch(text) {
	const at = text.indexOf(YOGA_FROM);
	if (at < 0 || text.indexOf(YOGA_FROM, at + 1) >= 0)
		throw new Error(`yoga-no-fetch: "${YOGA_FROM}" does not occur exactly once in yoga's loader`);
	return text.slice(0, at) + YOGA_TO + text.slice(at + YOGA_FROM.length);
}

export const yogaNoFetch = {
	name: 'yoga-no-fetch',
	setup(build) {
		let applied = false;
		build.onLoad(
			{filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/},
			(args) => {
				applied = true;
				return {contents: yogaWithoutFetch(readFileSync(args.path, 'utf8')), loader: 'js'};
			},
		);
		build.onEnd((result) => {
			if (result.errors.length === 0 && !applied)
				throw new Error('yoga-no-fetch: yoga never loaded, so never changed');
		});
	},
};
