// CPU of parsing a /proc/net/tcp table of N lines 30 times (parse-proc-net.ts), to compare
// V8's tiers (threads/optimizing-compiler.ts: no TurboFan for a small table, capped inlining):
//   node [--no-turbofan | --max-inlined-bytecode-size-cumulative=200] --import tsx bench/parse-tiers.ts N
// The lines are this machine's first established socket's, numbered and given inodes of their own.
import {readFileSync} from 'node:fs';
import {parseProcNet} from '../source/sources/procfs/parse-proc-net.js';

const n = Number(process.argv[2] ?? 2000);
const lines = readFileSync('/proc/net/tcp', 'utf8').split('\n');
const sample = lines.find((line) => / 01 /.test(line)) ?? lines[1] ?? '';
const out = [lines[0]];
for (let i = 0; i < n; i++)
	out.push(
		sample
			.replace(/^\s*\d+:/, `${String(i).padStart(4)}:`)
			.replace(/ (\d+) (\d+) ([0-9a-f]{16})/, ` 0 ${100000 + i} $3`),
	);
const text = `${out.join('\n')}\n`;
const before = process.cpuUsage();
for (let k = 0; k < 30; k++) parseProcNet(text, 'tcp');
const used = process.cpuUsage(before);
console.log(
	`${n} lines ×30: ${((used.user + used.system) / 1000).toFixed(0)} ms CPU ${process.execArgv.join(' ')}`,
);
