// `node --import ./scripts/ts-register.mjs`: TypeScript sources run as they are (see
// ts-hooks.mjs); stack traces point into them.
import {register} from 'node:module';

process.setSourceMapsEnabled(true);
// Worker threads do not inherit module hooks: source/threads/start-module-worker.ts registers
// this loader in each worker it starts from TypeScript (and child processes may too).
process.env.SOCKTOP_TS_REGISTER = import.meta.url;
register('./ts-hooks.mjs', import.meta.url);
