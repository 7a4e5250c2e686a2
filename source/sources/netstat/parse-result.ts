import type {SocketRecord} from '../../model/socket-record.js';

/** What a netstat parser makes of one command's output. Parsers never throw. */
export interface NetstatParse {
	records: SocketRecord[];
	/** Lines inside the socket table that could not be read (garbage, truncated, binary, too long). */
	skipped: number;
	/** Sockets netstat printed without their owner (`-`: another user's socket, not root). */
	unattributed: number;
	warnings: string[];
}

/** Without -W, netstat truncates long addresses to fit its columns; such lines are skipped. */
export const TRUNCATED_WARNING = 'netstat cut some IPv6 addresses short: run it with -W (wide output)';

export function emptyParse(): NetstatParse {
	return {records: [], skipped: 0, unattributed: 0, warnings: []};
}

/** Adds a warning once (parsers may hit the same condition on many lines). */
export function warnOnce(parse: NetstatParse, warning: string): void {
	if (!parse.warnings.includes(warning)) parse.warnings.push(warning);
}

/** Folds several parses (e.g. the tcp and udp runs on BSD) into one. */
export function mergeParses(parses: readonly NetstatParse[]): NetstatParse {
	const merged = emptyParse();
	for (const parse of parses) {
		merged.records.push(...parse.records);
		merged.skipped += parse.skipped;
		merged.unattributed += parse.unattributed;
		for (const warning of parse.warnings) warnOnce(merged, warning);
	}
	return merged;
}
