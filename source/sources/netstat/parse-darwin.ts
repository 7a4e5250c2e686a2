// macOS `netstat -anvW -p tcp` / `-p udp`. `-v` adds the owner: a `process:pid`
// column on recent releases, a bare `pid` column on older ones (no name then).
// `-W` keeps IPv6 addresses whole (without it they are cut to fit the column).
import {parseBsdNetstat} from './parse-bsd.js';
import type {NetstatParse} from './parse-result.js';

export function parseDarwinNetstat(text: string): NetstatParse {
	return parseBsdNetstat(text);
}
