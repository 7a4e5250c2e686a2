// esbuild plugin: meow without the package.json readers it sets up at import time.
//
// meow 14 ships its dependencies in one file (build/dependencies.js) whose top level runs
// requireNormalize() (normalize-package-data: spdx license lists sorted, semver regexes,
// hosted-git-info, lru-cache, which loads perf_hooks), requireLib$1() (@babel/code-frame,
// for parse-json's messages) and `promisify(execFile)` (loads child_process, net, dgram).
// meow uses them only to find and normalise package.json, which it reads when `pkg` is not
// given (build/options.js) or `cli.pkg` is read. socktop passes `pkg: {}` and never reads
// `cli.pkg` (source/cli/options.ts), so none of it runs for us. With the reader replaced
// by a function that throws, the normaliser by one that does nothing, and the top-level
// calls gone, esbuild drops the code
// they would have run: meow's part of the bundle goes from 188 KB to 73 KB, and `--version`
// through meow from 1.59× to 1.44× `node -e 0` CPU (40 interleaved runs, README "Design notes").
// Each replacement must match exactly once, or the build fails: meow changed, redo it.
import {readFileSync} from 'node:fs';

const UNUSED = "throw new Error('socktop bundles meow without its package.json readers: pass pkg')";

/** Text replacements per file of meow's package: [exact text, replacement]. */
export const MEOW_REPLACEMENTS = new Map([
	[
		'build/options.js',
		[
			[
				"import { a as readPackageUpSync, n as normalizePackageData } from './dependencies.js';",
				// `cli.pkg` is then the object given, as given (socktop never reads it).
				`const readPackageUpSync = () => { ${UNUSED}; };\nconst normalizePackageData = () => {};`,
			],
		],
	],
	[
		'build/dependencies.js',
		[
			['var libExports = requireLib$1();', `var libExports = {codeFrameColumns() { ${UNUSED}; }};`],
			['var normalizeExports = requireNormalize();', `var normalizeExports = () => { ${UNUSED}; };`],
			['promisify(execFile);', ''],
			["import { execFile } from 'node:child_process';\n", ''],
		],
	],
]);

/** `text` (the file `path` of meow's package) with its replacements made; throws when one does not match once. */
export function slimMeowFile(path, text) {
	let result = text;
	for (const [from, to] of MEOW_REPLACEMENTS.get(path) ?? []) {
		const at = result.indexOf(from);
		if (at < 0 || result.indexOf(from, at + 1) >= 0)
			throw new Error(`meow-slim: "${from}" does not occur exactly once in meow's ${path}`);
		result = result.slice(0, at) + to + result.slice(at + from.length);
	}
	return result;
}

export const meowSlim = {
	name: 'meow-slim',
	setup(build) {
		const applied = new Set();
		build.onLoad({filter: /[\\/]node_modules[\\/]meow[\\/]build[\\/][\w-]+\.js$/}, (args) => {
			const path = `build/${args.path.replace(/^.*[\\/]/, '')}`;
			if (!MEOW_REPLACEMENTS.has(path)) return undefined;
			applied.add(path);
			return {contents: slimMeowFile(path, readFileSync(args.path, 'utf8')), loader: 'js'};
		});
		build.onEnd((result) => {
			const missing = [...MEOW_REPLACEMENTS.keys()].filter((path) => !applied.has(path));
			if (result.errors.length === 0 && missing.length > 0)
				throw new Error(`meow-slim: ${missing.join(', ')} never loaded, so never slimmed`);
		});
	},
};
