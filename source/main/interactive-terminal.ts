/** A terminal the dashboard can drive: both ends a TTY, and not one that cannot move the cursor. */
export function isInteractive(): boolean {
	return process.stdout.isTTY === true && process.stdin.isTTY === true && process.env.TERM !== 'dumb';
}
