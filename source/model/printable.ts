/**
 * Text safe to print on a terminal: C0 and C1 control characters (ESC, BEL, CSI…)
 * become `?`. Process names, host names and command lines come from other users'
 * programs, and a name like "\x1b[2J" must not reach the screen as an escape.
 */
export function printable(text: string): string {
	return text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
}
