// FreeBSD `netstat -an -W -p tcp` / `-p udp`: the BSD table without owners.
import {parseBsdNetstat} from './parse-bsd.js';
import {type NetstatParse, warnOnce} from './parse-result.js';

export const FREEBSD_NO_OWNER_WARNING =
	'FreeBSD netstat does not show which process owns a socket (sockstat does)';

export function parseFreebsdNetstat(text: string): NetstatParse {
	const parse = parseBsdNetstat(text);
	if (parse.records.length > 0) warnOnce(parse, FREEBSD_NO_OWNER_WARNING);
	return parse;
}
