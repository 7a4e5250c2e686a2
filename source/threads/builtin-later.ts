import {createRequire} from 'node:module';

// Builtins a plain dashboard's start does not use, taken at their first use rather than when
// the bundle loads: at 1,000 connections nothing is spawned and no worker started before the
// first frame, and loading node:child_process (with dgram and net's child parts) and
// node:worker_threads cost ≈ 1.5–2.5 and 1–2 ms of CPU there (node 20.20.2, a fresh process
// each, 5 runs; docs/first-frame.md, 2026-12-01 04:00).
const require = createRequire(import.meta.url);

/** `node:child_process`, loaded at the first call. */
export const childProcess = (): typeof import('node:child_process') => require('node:child_process');

/** `node:worker_threads`, loaded at the first call. */
export const workerThreads = (): typeof import('node:worker_threads') => require('node:worker_threads');
