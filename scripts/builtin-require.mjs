// After the build: Node's built-in modules are taken with `require`, not `import`.
//
// An ESM `import … from 'node:util'` makes Node build a module facade for the builtin, and
// the facade reads every export once: lazy getters run then, so `node:util` compiles
// util/parse_args and internal/mime, `node:process` compiles the diagnostic report module,
// and so on, whether or not socktop uses them. `require('node:util')` hands back the exports
// object and runs none of it. Measured (2026-11-30, 20 interleaved runs each, load ≈ 18):
// a file that imports the ten builtins `--once` and `scan` use (process, fs, fs/promises,
// net, os, timers/promises, child_process, perf_hooks, util, dgram) cost 210 ms of CPU with
// `import`, 186 ms with `require`, against 178 ms for an empty file.
//
// Done on esbuild's output rather than in a resolve plugin: a plugin's stand-in module per
// builtin is shared by many entries, so each became a chunk of its own (70 files → 80).
// Only the leading block of import statements of each file is rewritten (esbuild puts every
// import there), and only in files outside an import cycle between chunks: the `require`s
// run as the first statements of the module's body, after the chunks it imports, which is
// the order an import would have given unless a cycle let another chunk call in earlier.

/** The banner of every output file: `require` for builtins without a createRequire per file. */
export const REQUIRE_BANNER =
	"import {createRequire as __socktopCreateRequire} from 'node:module'; let __socktopRequire; const require = (id) => globalThis.process.getBuiltinModule?.(id) ?? (__socktopRequire ??= __socktopCreateRequire(import.meta.url))(id);";

const BUILTIN =
	/^(node:[\w/]+|fs|path|util|os|events|assert|module|tty|stream|url|crypto|child_process|net)$/;

/** `{a,b as c}` → `{a,b:c}` (a destructuring pattern). */
function pattern(named) {
	return named.replace(/([\w$]+)\s+as\s+([\w$]+)/g, '$1:$2');
}

/** One import statement as `const … = require(…);`, or null when it is not a builtin's. */
function asRequire(clause, specifier) {
	if (!BUILTIN.test(specifier)) return null;
	const call = `require(${JSON.stringify(specifier)})`;
	if (clause === undefined) return `${call};`;
	if (clause.startsWith('{')) {
		// `import{default as x}` is the exports object itself, as it is for a default import.
		const fields = pattern(clause).replace(/(^\{|,)\s*default:([\w$]+)\s*(?=,|\})/, '$1__default:$2');
		if (fields.includes('__default:')) return null;
		return `const ${fields}=${call};`;
	}
	if (clause.startsWith('*')) return `const ${clause.replace(/^\*\s*as\s+/, '')}=${call};`;
	const [name, named] = clause.split(/\s*,\s*(?=\{)/);
	return named === undefined ? `const ${name}=${call};` : `const ${name}=${call},${pattern(named)}=${name};`;
}

/** An import statement at a statement boundary (esbuild writes each where its module starts). */
const IMPORT_ANYWHERE =
	/(?<=^|[;}\n])import\s*(\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+(?:\s*,\s*\{[^}]*\})?)\s*from\s*"([^"]+)";?/g;

/**
 * `text` (one output file, its banner on the first line or after `#!`) with its imports of
 * builtins turned into `const … = require(…)` at the top of its body, where an import would
 * have been evaluated (before any of the file's code); `{text, count}` with how many were.
 * `expected`: how many builtin import statements esbuild reports for the file (metafile): a
 * different count means the text was misread (say, an import-like string), and the build stops.
 */
export function requireBuiltins(text, expected) {
	// The banner is the first line, or the second after a `#!` line.
	const bannerAt = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
	if (!text.startsWith(`${REQUIRE_BANNER}\n`, bannerAt))
		throw new Error('builtin-require: the file does not start with the banner');
	const bannerEnd = bannerAt + REQUIRE_BANNER.length + 1;
	const required = [];
	let seen = 0;
	const body = text.slice(bannerEnd).replace(IMPORT_ANYWHERE, (statement, clause, specifier) => {
		if (!BUILTIN.test(specifier)) return statement;
		seen++;
		const replacement = asRequire(clause, specifier);
		if (replacement === null) return statement;
		required.push(replacement);
		return '';
	});
	if (seen !== expected)
		throw new Error(`builtin-require: found ${seen} imports of builtins where esbuild wrote ${expected}`);
	if (required.length === 0) return {text, count: 0};
	// After the file's other imports (hoisted by ESM anyway), before its first statement.
	const leading = /^(?:import\s*(?:[^;"]*from\s*)?"[^"]+";?\n?)*/.exec(body)[0];
	return {
		text: `${text.slice(0, bannerEnd)}${leading}${required.join('')}\n${body.slice(leading.length)}`,
		count: required.length,
	};
}

/** How many import statements of builtins esbuild wrote into an output (its metafile entry). */
export function builtinImportCount(output) {
	return output.imports.filter(
		(edge) => edge.external && edge.kind === 'import-statement' && BUILTIN.test(edge.path),
	).length;
}

/** Output files (relative paths) that sit on an import cycle between output files. */
export function filesOnCycles(outputs) {
	const graph = new Map(
		Object.entries(outputs).map(([file, output]) => [
			file,
			output.imports
				.filter((edge) => edge.kind === 'import-statement' && !edge.external)
				.map((edge) => edge.path),
		]),
	);
	const onCycle = new Set();
	for (const start of graph.keys()) {
		const seen = new Set();
		const stack = [...(graph.get(start) ?? [])];
		while (stack.length > 0) {
			const file = stack.pop();
			if (file === start) {
				onCycle.add(start);
				break;
			}
			if (seen.has(file)) continue;
			seen.add(file);
			stack.push(...(graph.get(file) ?? []));
		}
	}
	return onCycle;
}
