// IP literal checks with the very regular expressions node:net's isIPv4/isIPv6/isIP use
// (lib/internal/net.js, Node 20), so what is accepted is still exactly what a socket accepts,
// without loading node:net: `socktop scan` has no other use for it on Linux, and its load
// (net, stream_base_commons, diagnostics_channel, two bindings) cost ≈9 ms of CPU at start
// (`require('node:net')` alone, median of 7, load average ≈ 10; docs/scan-start.md).
// test/model/ip-literal.test.ts holds them to node:net's answers.

const V4_SEG = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4_STR = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const IPV4 = new RegExp(`^${V4_STR}$`);

const V6_SEG = '(?:[0-9a-fA-F]{1,4})';
const IPV6 = new RegExp(
	'^(?:' +
		`(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|` +
		`(?:${V6_SEG}:){6}(?:${V4_STR}|:${V6_SEG}|:)|` +
		`(?:${V6_SEG}:){5}(?::${V4_STR}|(?::${V6_SEG}){1,2}|:)|` +
		`(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4_STR}|(?::${V6_SEG}){1,3}|:)|` +
		`(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4_STR}|(?::${V6_SEG}){1,4}|:)|` +
		`(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4_STR}|(?::${V6_SEG}){1,5}|:)|` +
		`(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4_STR}|(?::${V6_SEG}){1,6}|:)|` +
		`(?::(?:(?::${V6_SEG}){0,5}:${V4_STR}|(?::${V6_SEG}){1,7}|:))` +
		')(?:%[0-9a-zA-Z-.:]{1,})?$',
);

/** node:net's isIPv4. */
export const isIPv4 = (text: string): boolean => IPV4.test(text);

/** node:net's isIPv6 (a zone such as `%eth0` allowed). */
export const isIPv6 = (text: string): boolean => IPV6.test(text);

/** node:net's isIP: 4, 6, or 0 for neither. */
export function isIP(text: string): 0 | 4 | 6 {
	if (IPV4.test(text)) return 4;
	if (IPV6.test(text)) return 6;
	return 0;
}
