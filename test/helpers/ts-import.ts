// How a test starts a TypeScript file as its own node process: `node ...TS_IMPORT FILE`, the
// loader npm test itself uses (scripts/ts-register.mjs). Not tsx: loading tsx cost each such
// child ≈0.6 s CPU (`/usr/bin/time node --import tsx -e 0` against the loader, 2026-11-30).
// An absolute URL, so that the child's working directory does not matter.
export const TS_REGISTER = new URL('../../scripts/ts-register.mjs', import.meta.url).href;
export const TS_IMPORT = ['--import', TS_REGISTER] as const;
