import {plainDashboardOptions} from '../cli/plain-dashboard-args.js';
import {countSockets} from '../sources/procfs/socket-count.js';
import {optimizeForTable} from '../threads/optimizing-compiler.js';

/**
 * For the plain dashboard (dashboard-process.ts, before anything hot runs): V8's optimizing
 * compiler is set for the table sockstat counts (threads/optimizing-compiler.ts), then
 * the feed follows the table's own size (start-dashboard.ts). Why this early: what V8 optimizes while the
 * dashboard's chunks load already pages in the compiler's machine code from the node binary;
 * with the switch here instead of in cli-main, the file-backed RSS at 1,000 connections was
 * 42.2 MB against 43.3 MB (bench/memory-ab.mjs, two rounds each, load 27–42).
 */
export function optimizeForStart(argv: readonly string[]): void {
	if (process.platform !== 'linux' || plainDashboardOptions(argv) === null) return;
	optimizeForTable(countSockets());
}
