// Code-unit order for the ASCII words socktop sorts by (protocols, states, error codes).
// Not localeCompare: its first call builds ICU's collator, measured at 35–50 ms of CPU on
// this 2-core machine under load (`node -e "'tcp'.localeCompare('udp')"`), which `--once`
// and `scan` would pay to order a handful of words whose order needs no locale.

export function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
