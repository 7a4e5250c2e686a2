// The idle section inside its own network namespace (started by idle-cpu.ts through
// `unshare -n`). Summary rows go back to the parent as `@@row <json>` lines.
import './no-ci.js';
import {runIdleBench} from './idle-cpu.js';
import {print} from './lib.js';

const rows = await runIdleBench(print);
for (const row of rows) print(`@@row ${JSON.stringify(row)}`);
process.exit(0);
