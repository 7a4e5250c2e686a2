/** One term of a filter expression. */
export interface Token {
	/** The term without its quotes and without a leading `!`. */
	readonly text: string;
	/** Where in `text` the first colon outside quotes is (a `field:` separator), or -1. */
	readonly fieldColon: number;
	/** The term started with an unquoted `!`. */
	readonly negated: boolean;
}

export type TokenizeResult =
	| {readonly ok: true; readonly tokens: Token[]}
	| {readonly ok: false; readonly error: string};

/**
 * Splits a filter expression on whitespace, keeping "double quoted" or 'single quoted'
 * runs together. Only an unquoted colon makes a `field:` (`"a:b"` is a word), only an
 * unquoted leading `!` negates. Unterminated quotes and `!!` are errors (one line).
 */
export function tokenize(expression: string): TokenizeResult {
	const tokens: Token[] = [];
	let current = '';
	let fieldColon = -1;
	let bangs = 0;
	let quote: string | null = null;
	let quoteAt = 0;
	let inToken = false;
	let position = 0;
	const end = (): string | null => {
		if (!inToken) return null;
		if (bangs > 1) return `"${'!'.repeat(bangs)}" is not allowed: negate a term once, as in !proc:nginx`;
		if (bangs === 1 && current === '' && fieldColon === -1) return '"!" must be followed by a term';
		tokens.push({text: current, fieldColon, negated: bangs === 1});
		current = '';
		fieldColon = -1;
		bangs = 0;
		inToken = false;
		return null;
	};
	for (const char of expression) {
		position++;
		if (quote !== null) {
			if (char === quote) quote = null;
			else current += char;
			continue;
		}
		if (char === '"' || char === "'") {
			quote = char;
			quoteAt = position;
			inToken = true;
			continue;
		}
		if (/\s/.test(char)) {
			const error = end();
			if (error) return {ok: false, error};
			continue;
		}
		if (char === '!' && current === '' && !(inToken && bangs === 0)) {
			bangs++;
			inToken = true;
			continue;
		}
		if (char === ':' && fieldColon === -1) fieldColon = current.length;
		current += char;
		inToken = true;
	}
	if (quote !== null)
		return {ok: false, error: `unterminated quote: the ${quote} at character ${quoteAt} is never closed`};
	const error = end();
	if (error) return {ok: false, error};
	return {ok: true, tokens};
}
