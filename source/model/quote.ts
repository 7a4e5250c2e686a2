/** A piece of user input quoted for a one-line error: cut at `max` characters, control characters escaped. */
export function quote(text: string, max = 40): string {
	return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
