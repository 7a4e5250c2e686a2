// The memory section inside its own network namespace (started by dashboard-memory.ts
// through `unshare -n`): the socket tables socktop, ss and htop see are the bench's held
// connections alone, not those of whatever else runs on the machine. Summary rows go back
// to the parent as `@@row <json>` lines.
import './no-ci.js';
import {runMemoryBench} from './dashboard-memory.js';
import {print} from './lib.js';

const rows = await runMemoryBench(print);
for (const row of rows) print(`@@row ${JSON.stringify(row)}`);
process.exit(0);
