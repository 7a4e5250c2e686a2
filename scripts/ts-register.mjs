// `node --import ./scripts/ts-register.mjs`: TypeScript sources run as they are (see
// ts-hooks.mjs); stack traces point into them.
import {register} from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-hooks.mjs', import.meta.url);
