// After the build: the dashboard's big chunk (Ink, React, yoga, the UI: ≈750 KB) becomes a classic
// script run through `vm.Script` with V8's code cache (source/os/script-cache.ts), since Node 20
// caches no compiled code for ES modules. Measured figures: docs/first-frame.md.
//
// esbuild cannot write it as a script itself: yoga's top-level await is refused in the `cjs` and
// `iife` formats. So its ES module output is rewritten, mechanically, into two files:
// - `<chunk>-script.js`: `(async function(__socktopMeta,__socktopImport,__s0,…){"use strict";const{a,b:c}=__s0;…body…;return{…}})`:
//   each static import becomes a destructuring of the namespace handed in (the imported chunks
//   have run by then, and none of them imports this chunk back: checked), `import.meta` and
//   `import()` the stub's (same directory, so they resolve alike), the closing `export{…}` a
//   return; the top-level `await` stays valid in the async body.
// - `<chunk>.js`, at the name every importer already uses: a stub that imports the same modules in
//   the same order, runs the script and exports what it returns.
// The rewrite must account for every import and export statement, or the build fails.
import {createHash} from 'node:crypto';

export const SCRIPT_LOADER = 'script-cache';
/** Chunks at least this big are worth a code cache (the dashboard's is ≈750 KB; the next is ≈70 KB). */
export const SCRIPT_CHUNK_MIN_BYTES = 256 * 1024;

/** An import statement at a statement boundary: esbuild writes them at the top, each after `;` or a newline. */
const IMPORT =
	/(?<=^|[;}\n])import\s*(?:(\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+))?)\s*from\s*)?(["'])([^"']+)\2;?/g;
const EXPORT = /(?<=^|[;}\n])export\s*\{([^}]*)\};?\s*$/;
const LEFT = /(?<=^|[;}\n])(?:import\s*[\w${*"']|export\b)/;

/** `{a,b as c}` → `{a,b:c}`. */
function pattern(named) {
	return named.replace(/([\w$]+)\s+as\s+([\w$]+)/g, '$1:$2');
}

/** The body's statement taking `clause`'s names from namespace `ns`. */
function binding(clause, ns) {
	if (clause.startsWith('{')) return `const${pattern(clause)}=${ns};`;
	if (clause.startsWith('*')) return `const ${clause.replace(/^\*\s*as\s+/, '')}=${ns};`;
	const [, name, rest] = /^([\w$]+)(?:\s*,\s*([\s\S]*))?$/.exec(clause) ?? [];
	const first = `const ${name}=${ns}.default;`;
	return rest === undefined ? first : first + binding(rest, ns);
}

/**
 * `text` (an ES module chunk named `name`, e.g. `chunk-ABC`) as {stub, script, scriptName, key}.
 * Throws when an import or export is left that the rewrite does not handle.
 */
export function scriptChunk(text, name) {
	const imports = [];
	const bindings = [];
	let body = text.replace(IMPORT, (_all, clause, _quote, specifier) => {
		const ns = `__s${imports.length}`;
		imports.push({specifier, ns: clause === undefined ? null : ns});
		if (clause !== undefined) bindings.push(binding(clause.trim(), ns));
		return '';
	});
	const exported = EXPORT.exec(body);
	if (!exported) throw new Error(`script-chunk: ${name} does not end with one export{…}`);
	body = body.slice(0, exported.index);
	const left = LEFT.exec(body);
	if (left)
		throw new Error(
			`script-chunk: ${name} has an import or export left: …${body.slice(left.index, left.index + 60)}`,
		);
	body = body.replace(/\bimport\.meta\b/g, '__socktopMeta');
	// `import()` through the stub's: a script's own needs `importModuleDynamically`, which Node 20
	// loses when the script comes from the code cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING on
	// the second run) and whose main-context loader prints an ExperimentalWarning.
	body = body.replace(/(?<![\w$.])import\(/g, '__socktopImport(');
	if (/\bimport\b/.test(body.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '')))
		throw new Error(`script-chunk: ${name} uses \`import\` in a way the rewrite does not handle`);
	const names = exported[1]
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => {
			const [local, as = local] = part.split(/\s+as\s+/);
			return {local, as};
		});
	const params = ['__socktopMeta', '__socktopImport', ...imports.filter((i) => i.ns).map((i) => i.ns)];
	const script = `(async function(${params.join(',')}){"use strict";${bindings.join('')}${body}\nreturn{${names
		.map(({local, as}) => `${JSON.stringify(as)}:${local}`)
		.join(',')}}})`;
	const key = `${name}-${createHash('sha256').update(script).digest('hex').slice(0, 16)}`;
	const scriptName = `${name}-script.js`;
	const stub = `${imports
		.map(({specifier, ns}) =>
			ns ? `import*as ${ns} from${JSON.stringify(specifier)};` : `import${JSON.stringify(specifier)};`,
		)
		.join('')}import{runScriptChunk}from"./${SCRIPT_LOADER}.js";
// ${scriptName} run with V8's code cache (scripts/script-chunk.mjs).
const __out=await runScriptChunk(new URL(${JSON.stringify(`./${scriptName}`)},import.meta.url),${JSON.stringify(key)},[${params
		.map((p) => (p === '__socktopMeta' ? 'import.meta' : p === '__socktopImport' ? '(s)=>import(s)' : p))
		.join(',')}]);
export const{${names.map(({as}) => as).join(',')}}=__out;
`;
	return {stub, script, scriptName, key};
}
