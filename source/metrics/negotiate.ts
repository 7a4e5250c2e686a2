import type {ExpositionFormat} from './exposition.js';

/**
 * The format a scraper's Accept header asks for. Prometheus sends
 * `application/openmetrics-text;version=1.0.0,…;q=0.75,text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`
 * and gets OpenMetrics; a plain client (`curl`: `*\/*`, or no header) gets the Prometheus text
 * format 0.0.4. OpenMetrics is chosen only when named (version 1.0.0, 0.0.1 or none) with a
 * weight at least that of any text type or wildcard.
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
	if (!accept) return 'prometheus';
	let openmetrics = 0;
	let text = 0;
	for (const range of accept.split(',')) {
		const [type = '', ...params] = range.split(';').map((part) => part.trim());
		const param = (name: string) =>
			params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
		const qText = param('q');
		const q = qText === undefined ? 1 : Number(qText);
		if (!Number.isFinite(q) || q <= 0) continue;
		const media = type.toLowerCase();
		if (media === 'application/openmetrics-text') {
			const version = param('version');
			if (version === undefined || version === '1.0.0' || version === '0.0.1')
				openmetrics = Math.max(openmetrics, q);
		} else if (media === 'text/plain' || media === 'text/*' || media === '*/*') text = Math.max(text, q);
	}
	return openmetrics > 0 && openmetrics >= text ? 'openmetrics' : 'prometheus';
}
