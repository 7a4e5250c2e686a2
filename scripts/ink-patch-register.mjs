// `node --import ./scripts/ink-patch-register.mjs`: Ink patched as it loads (see
// patches/ink@6.8.0.patch). The bundle in dist/ has the patch built in instead.
import {register} from 'node:module';

register('./ink-patch-hooks.mjs', import.meta.url);
