/**
 * One key press applied to a text field: printable input is appended (control
 * characters dropped, so a paste cannot inject escapes), Backspace/Delete removes
 * the last character. Returns null for keys that do not edit.
 */
export function editText(
	value: string,
	input: string,
	name: string,
	modifiers: {ctrl?: boolean; meta?: boolean},
	maxLength: number,
): string | null {
	if (name === 'backspace' || name === 'delete') return value.slice(0, -1);
	if (modifiers.ctrl || modifiers.meta || input.length === 0) return null;
	if (name !== input && name !== 'space') return null; // arrows and other named keys
	return (value + input.replace(/[\x00-\x1f\x7f-\x9f]/g, '')).slice(0, maxLength);
}
