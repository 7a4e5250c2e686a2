// `node --import ./trace-loads.mjs …`: appends the URL of every module loaded from a
// dist/ folder to the file named by SOCKTOP_TRACE_LOADS (one per line).
import {register} from 'node:module';

register(
	`data:text/javascript,${encodeURIComponent(`
		import {appendFileSync} from 'node:fs';
		const out = ${JSON.stringify(process.env.SOCKTOP_TRACE_LOADS ?? '')};
		export async function load(url, context, next) {
			if (out && url.includes('/dist/')) appendFileSync(out, url + '\\n');
			return next(url, context);
		}
	`)}`,
);
