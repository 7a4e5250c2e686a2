// `npm run build`: bundles cli.tsx and every worker thread's module into dist/ with
// esbuild (ESM, Node 20), dependencies included, Ink patched (patches/ink@6.8.0.patch),
// meow without its package.json readers (scripts/meow-slim.mjs).
//
// Layout: dist/cli.js is the entry; each `source/**/*-worker.ts` becomes dist/<name>.js,
// where startModuleWorker looks for it (next to the code that starts it: chunks are
// written flat into dist/ so that `new URL('./x-worker.js', import.meta.url)` resolves
// the same from any of them). Code shared or loaded later (`await import`) goes into
// chunks, so `--version` does not parse the dashboard and `--once` never loads React.
import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {builtinImportCount, filesOnCycles, REQUIRE_BANNER, requireBuiltins} from './builtin-require.mjs';
import {inkPatches, inkPathOf, patchInkFile} from './ink-patch.mjs';
import {meowSlim} from './meow-slim.mjs';
import {stringWidthNarrowPlugin} from './string-width-narrow.mjs';
import {yogaNoFetch} from './yoga-no-fetch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each module started as a worker thread: `startModuleWorker(import.meta.url, 'name', …)` in dir/x.ts means dir/name.ts. */
function workerEntries(dir) {
	const found = [];
	for (const entry of readdirSync(join(root, dir), {withFileTypes: true})) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) found.push(...workerEntries(path));
		else if (/\.tsx?$/.test(entry.name)) {
			const text = readFileSync(join(root, path), 'utf8');
			for (const [, name] of text.matchAll(/startModuleWorker\(\s*import\.meta\.url,\s*'([\w-]+)'/g)) {
				const worker = join(dir, `${name}.ts`);
				if (!existsSync(join(root, worker)))
					throw new Error(`${path} starts a worker ${worker} that does not exist`);
				found.push(worker);
			}
		}
	}
	return [...new Set(found)];
}

const inkPatch = {
	name: 'ink-patch',
	setup(build) {
		const applied = new Set();
		build.onLoad({filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/].+\.js$/}, (args) => {
			const path = inkPathOf(args.path);
			if (!path || !inkPatches().has(path)) return undefined;
			applied.add(path);
			return {contents: patchInkFile(path, readFileSync(args.path, 'utf8')), loader: 'js'};
		});
		build.onEnd((result) => {
			const missing = [...inkPatches().keys()].filter((path) => !applied.has(path));
			if (result.errors.length === 0 && missing.length > 0)
				throw new Error(`Ink patch: ${missing.join(', ')} never loaded, so never patched`);
		});
	},
};

// Ink imports React DevTools (and ws) only when DEV=true: not shipped. Ink then says
// react-devtools-core is missing, as it does when installed without it.
const noDevtools = {
	name: 'no-devtools',
	setup(build) {
		build.onResolve({filter: /^\.\/devtools\.js$/}, (args) =>
			/[\\/]node_modules[\\/]ink[\\/]/.test(args.importer)
				? {path: 'devtools', namespace: 'no-devtools'}
				: undefined,
		);
		build.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({
			contents: "throw new Error('React DevTools are not part of this build');",
			loader: 'js',
		}));
	},
};

// Commands with a bundle of their own, each a process entry that cli.tsx imports first, with
// nothing of the main build before it; in the main build that import is the bundle's file.
// Each bundle is split too: what it imports lazily loads only when that path runs.
// - `socktop scan` → dist/scan-command.js, every module it uses inside (the dashboard's scan
//   code stays in the chunks too: ≈40 KB twice). It took 13 chunks beyond cli.js's own, each
//   resolved, read and linked by Node's ESM loader: measured (2026-11-30, 10 interleaved runs,
//   load ≈ 12) from the preload to the first connect, 76 ms of CPU through the chunks against
//   50 ms for one file (docs/scan-start.md). Split: threaded-connect.ts and
//   node:worker_threads (big scans only) stay out of the file every scan loads.
// - A plain `socktop --once` → dist/once-command.js, the owner prefetch and compose-once's path
//   in its own build so that nothing loads twice (docs/scan-start.md, "--once from the entry").
//   Split: compose-once's path loads after the walk's worker has started (once-process.ts).
const OWN_BUNDLES = [
	{source: 'source/cli/scan-process', out: 'scan-command', chunks: 'scan', plugins: []},
	{
		source: 'source/main/once-process',
		out: 'once-command',
		chunks: 'once',
		plugins: [stringWidthNarrowPlugin],
	},
	// - A plain dashboard (`socktop`, `--netns NAME`, `--no-color`, `--read-only`, `--bell`) on a
	//   terminal → dist/dashboard-command.js: everything before its plain first frame in one file
	//   (the main build loaded ≈60 chunks for it; docs/first-frame.md). Split: Ink's screen and
	//   what runs after the frame load from its own `dash-` chunks.
	{
		source: 'source/main/dashboard-process',
		out: 'dashboard-command',
		chunks: 'dash',
		plugins: [inkPatch, noDevtools, yogaNoFetch, stringWidthNarrowPlugin],
	},
];
/** cli.tsx's specifier of each such entry → its bundle's file name. */
const OWN_BUNDLE_OF = new Map(OWN_BUNDLES.map((bundle) => [`./${bundle.source}.js`, bundle.out]));
const ownBundles = {
	name: 'own-bundles',
	setup(build) {
		build.onResolve({filter: /-process\.js$/}, (args) => {
			const out = OWN_BUNDLE_OF.get(args.path);
			return out && /[\\/]cli\.tsx$/.test(args.importer) ? {path: `./${out}.js`, external: true} : undefined;
		});
	},
};

const workers = workerEntries('source');
rmSync(join(root, 'dist'), {recursive: true, force: true});
const common = {
	absWorkingDir: root,
	outdir: 'dist',
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// React's production build only: the development one is several times slower.
	define: {'process.env.NODE_ENV': '"production"'},
	// Modules that load at run time with a CommonJS `require` (signal-exit, stack-utils), and
	// Node's builtins, taken with `require` below (scripts/builtin-require.mjs).
	banner: {js: REQUIRE_BANNER},
	minifySyntax: true,
	minifyWhitespace: true,
	legalComments: 'none',
	metafile: true,
	logLevel: 'warning',
};
const main = await build({
	...common,
	entryPoints: [
		{in: 'cli.tsx', out: 'cli'},
		...workers.map((file) => ({in: file, out: file.replace(/^.*[\\/]/, '').replace(/\.ts$/, '')})),
	],
	splitting: true,
	chunkNames: 'chunk-[hash]',
	plugins: [inkPatch, noDevtools, meowSlim, yogaNoFetch, stringWidthNarrowPlugin, ownBundles],
});
const builds = [main];
for (const bundle of OWN_BUNDLES)
	builds.push(
		await build({
			...common,
			entryPoints: [{in: `${bundle.source}.ts`, out: bundle.out}],
			splitting: true,
			chunkNames: `${bundle.chunks}-[hash]`,
			plugins: bundle.plugins,
		}),
	);
const result = {
	metafile: {
		inputs: Object.assign({}, ...builds.map((done) => done.metafile.inputs)),
		outputs: Object.assign({}, ...builds.map((done) => done.metafile.outputs)),
	},
};
// Builtins through `require`, not an ESM facade each (scripts/builtin-require.mjs).
const cycles = filesOnCycles(result.metafile.outputs);
for (const [file, output] of Object.entries(result.metafile.outputs)) {
	if (!file.endsWith('.js') || cycles.has(file)) continue;
	const {text, count} = requireBuiltins(readFileSync(join(root, file), 'utf8'), builtinImportCount(output));
	if (count === 0) continue;
	writeFileSync(join(root, file), text);
	output.bytes = Buffer.byteLength(text);
}
const outputs = Object.entries(result.metafile.outputs);
const total = outputs.reduce((sum, [, output]) => sum + output.bytes, 0);
process.stdout.write(
	`dist/: ${outputs.length} files, ${(total / 1024).toFixed(0)} KB (entries: cli, ${workers
		.map((file) => relative('source', file))
		.join(', ')})\n`,
);
// For looking at what each output file holds (esbuild's analyzer, or a script): where to write the metafile.
if (process.env.SOCKTOP_METAFILE)
	writeFileSync(process.env.SOCKTOP_METAFILE, JSON.stringify(result.metafile));
