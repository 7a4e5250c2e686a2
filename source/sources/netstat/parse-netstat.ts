import {parseDarwinNetstat} from './parse-darwin.js';
import {parseFreebsdNetstat} from './parse-freebsd.js';
import {parseLinuxNetstat} from './parse-linux.js';
import {emptyParse, type NetstatParse} from './parse-result.js';
import {parseWindowsNetstat} from './parse-windows.js';

/** Parses netstat output as printed on `platform`. Never throws. */
export function parseNetstat(platform: NodeJS.Platform, text: string): NetstatParse {
	switch (platform) {
		case 'linux':
			return parseLinuxNetstat(text);
		case 'darwin':
			return parseDarwinNetstat(text);
		case 'freebsd':
			return parseFreebsdNetstat(text);
		case 'win32':
			return parseWindowsNetstat(text);
		default: {
			const parse = emptyParse();
			parse.warnings.push(`netstat output from ${platform} cannot be read`);
			return parse;
		}
	}
}
