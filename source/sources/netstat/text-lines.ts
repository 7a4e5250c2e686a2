// Line and token helpers shared by the netstat parsers.

/** No real netstat line comes near this; longer ones are junk and not worth tokenising. */
export const MAX_LINE_LENGTH = 2000;

/** Splits on LF, CRLF, lone CR and the `\r\r\n` some Windows pipes produce. */
export function splitLines(text: string): string[] {
	return text.split(/\r*\n|\r+/);
}

/**
 * Walks a line token by token while remembering positions, so a column that
 * may contain spaces (a process name) can be taken verbatim from the raw text.
 */
export class TokenCursor {
	private position = 0;
	private readonly token = /\S+/g;
	constructor(private readonly line: string) {}

	/** The next whitespace-separated token, or null at the end of the line. */
	next(): string | null {
		this.token.lastIndex = this.position;
		const found = this.token.exec(this.line);
		if (!found) return null;
		this.position = found.index + found[0].length;
		return found[0];
	}

	/** The next token without consuming it. */
	peek(): string | null {
		return this.peekTokens(1)[0] ?? null;
	}

	/** Up to `count` next tokens without consuming them. */
	peekTokens(count: number): string[] {
		const saved = this.position;
		const tokens: string[] = [];
		while (tokens.length < count) {
			const token = this.next();
			if (token === null) break;
			tokens.push(token);
		}
		this.position = saved;
		return tokens;
	}

	/** Everything not consumed yet, trimmed (column padding is not part of a value). */
	rest(): string {
		const rest = this.line.slice(this.position).trim();
		this.position = this.line.length;
		return rest;
	}

	get offset(): number {
		return this.position;
	}

	/** Raw text between two offsets, trimmed. */
	slice(from: number, to: number): string {
		return this.line.slice(from, to).trim();
	}
}

export function isDigits(token: string | null | undefined): token is string {
	return token !== null && token !== undefined && /^\d{1,10}$/.test(token);
}
