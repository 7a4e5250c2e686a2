/** Splits a filter expression on whitespace, keeping "double quoted" or 'single quoted' runs together. */
export function tokenize(expression: string): string[] {
	const tokens: string[] = [];
	let current = '';
	let quote: string | null = null;
	let inToken = false;
	for (const char of expression) {
		if (quote !== null) {
			if (char === quote) quote = null;
			else current += char;
			continue;
		}
		if (char === '"' || char === "'") {
			quote = char;
			inToken = true;
			continue;
		}
		if (/\s/.test(char)) {
			if (inToken) tokens.push(current);
			current = '';
			inToken = false;
			continue;
		}
		current += char;
		inToken = true;
	}
	if (inToken) tokens.push(current);
	return tokens;
}
