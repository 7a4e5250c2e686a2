// TypeScript → JavaScript for the tests (see ts-hooks.mjs): esbuild's transform with the
// options of tsconfig.json that change the output, cached on disk by the file's path and
// text, so a file is transpiled once for all the test processes that load it.
//   node scripts/ts-transpile.mjs DIR|FILE…   fills the cache (npm test does it first)
import {createHash} from 'node:crypto';
import {
	accessSync,
	constants,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * In node_modules/.cache when this user may write there, else in the temp directory (CI's second
 * pass runs as nobody, from root's checkout or a copy of it).
 */
function cacheDirectory() {
	const inTree = join(root, 'node_modules', '.cache', 'socktop-ts');
	for (const dir of [inTree, join(inTree, '..'), join(root, 'node_modules')]) {
		try {
			accessSync(dir, constants.W_OK);
			return inTree;
		} catch (error) {
			if (error.code !== 'ENOENT') break;
		}
	}
	return join(tmpdir(), `socktop-ts-${process.getuid?.() ?? 'user'}`);
}
const CACHE = cacheDirectory();
// Bumped when the options below change, so that older outputs are not reused.
const OPTIONS_VERSION = '1';

export const isTypeScript = (path) => /\.tsx?$/.test(path) && !path.includes('/node_modules/');

const options = (path) => ({
	loader: path.endsWith('.tsx') ? 'tsx' : 'ts',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	sourcefile: path,
	// Stack traces point into the TypeScript (ts-register.mjs turns source maps on).
	sourcemap: 'inline',
	tsconfigRaw: {compilerOptions: {verbatimModuleSyntax: true, jsx: 'react-jsx'}},
});

const keyOf = (path, source) =>
	createHash('sha256').update(`${OPTIONS_VERSION}\0${path}\0${source}`).digest('hex').slice(0, 40);

/** The cached JavaScript for this file's text, or null. */
export function cachedOutput(path, source) {
	try {
		return readFileSync(join(CACHE, `${keyOf(path, source)}.js`), 'utf8');
	} catch {
		return null;
	}
}

let esbuild = null;

/** Transpiles one file and caches the result (written whole: readers never see half a file). */
export async function transpile(path, source) {
	esbuild ??= await import('esbuild');
	const {code} = await esbuild.transform(source, options(path));
	const file = join(CACHE, `${keyOf(path, source)}.js`);
	const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
	try {
		mkdirSync(CACHE, {recursive: true});
		writeFileSync(temporary, code);
		renameSync(temporary, file);
	} catch {
		rmSync(temporary, {force: true});
	}
	return code;
}

function typeScriptFiles(path) {
	if (!statSync(path).isDirectory()) return isTypeScript(path) ? [path] : [];
	return readdirSync(path).flatMap((name) =>
		name === 'node_modules' || name.startsWith('.') ? [] : typeScriptFiles(join(path, name)),
	);
}

/** Fills the cache for every TypeScript file under PATHS (absolute or relative to the repository). */
export async function transpileAll(paths) {
	const files = paths.flatMap((path) => typeScriptFiles(path.startsWith('/') ? path : join(root, path)));
	let transpiled = 0;
	await Promise.all(
		files.map(async (file) => {
			const source = readFileSync(file, 'utf8');
			if (cachedOutput(file, source) !== null) return;
			await transpile(file, source);
			transpiled++;
		}),
	);
	return {files: files.length, transpiled};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const {files, transpiled} = await transpileAll(
		args.length > 0 ? args : ['cli.tsx', 'source', 'test', 'bench'],
	);
	process.stdout.write(`ts-transpile: ${files} files, ${transpiled} transpiled\n`);
}
