// The one long-lived command a `--host` runs on the remote machine (through the remote
// user's shell, as ssh does; `sh -c` so a fish or csh login shell reads it the same). It
// says which mode it uses, then streams:
// - `socktop` on the remote PATH: `socktop --json` with SOCKTOP_PROTOCOL set, which begins
//   with a hello line carrying the protocol version (checked here; an older socktop is
//   left for the fallback) and marks the end of its first full table (`sync`). Where ss
//   is, one framed `ss -tunapeH` table (with the user names) comes before it, shown until that sync.
// - otherwise nothing is installed: `uname -s` picks `ss -tunapH` (Linux, `netstat
//   -tunapWe` without ss) or the BSD netstat, run every interval and printed, framed by
//   markers, only when its checksum (`cksum`) changed since the last table sent.
// A watchdog reads the channel's stdin: when ssh goes away (EOF) it ends the remote
// command, which would otherwise loop on until its next write failed.
import {quote} from '../../model/quote.js';

import {STREAM_PROTOCOL} from '../../model/stream-protocol.js';

export interface RemoteScriptOptions {
	/** Marks socktop's own lines; random per connection so no process name can forge one. */
	readonly marker: string;
	readonly intervalMs: number;
	/** false after a remote socktop spoke another protocol: go straight to the fallback. */
	readonly tryRemoteSocktop: boolean;
}

/** `sh -c '…'`, ready to be the command argument of ssh. */
export function remoteCommand(options: RemoteScriptOptions): string {
	return `sh -c ${shellQuote(remoteScript(options))}`;
}

export function remoteScript({marker, intervalMs, tryRemoteSocktop}: RemoteScriptOptions): string {
	if (!/^[\w@-]+$/.test(marker)) throw new Error(`marker ${quote(marker)} must be a plain word`);
	const interval = Math.max(200, Math.round(intervalMs));
	const seconds = (interval / 1000).toFixed(3);
	const lines = [
		'exec 3<&0',
		'(cat <&3 >/dev/null 2>&1; kill $$ 2>/dev/null) &',
		`M=${marker}`,
		// With ss there, one `ss -tunapeH` table goes first: the host's rows show while socktop
		// reads its first table (bench hosts, 20k sockets: ss ≈0.3 s of CPU, socktop's first
		// poll several seconds); its events replace them at `sync`. `-e` (uid, inode) and the
		// user names (a second part: `name:uid` of /etc/passwd) make those rows what socktop will
		// say, so the switch is no change (with `ss -tunapH` it was one `change` per socket).
		tryRemoteSocktop
			? `if command -v socktop >/dev/null 2>&1; then echo "$M mode socktop"; if command -v ss >/dev/null 2>&1; then out=$(LC_ALL=C ss -tunapeH 2>/dev/null) && printf '%s table\\n%s\\n%s part\\n%s\\n%s end\\n' "$M" "$out" "$M" "$(cut -d: -f1,3 /etc/passwd 2>/dev/null)" "$M"; fi; SOCKTOP_PROTOCOL=${STREAM_PROTOCOL} exec socktop --json --interval ${interval}; fi`
			: ':',
		'os=$(uname -s)',
		't=netstat',
		'if [ "$os" = Linux ] && command -v ss >/dev/null 2>&1; then t=ss; fi',
		'echo "$M mode fallback $os $t"',
		'last=',
		'while :; do',
		'  case $os/$t in',
		'  */ss) out=$(LC_ALL=C ss -tunapH 2>&1);;',
		'  Linux/*) out=$(LC_ALL=C netstat -tunapWe 2>&1);;',
		'  Darwin/*) out=$(LC_ALL=C netstat -anvW -p tcp 2>&1; echo "$M part"; LC_ALL=C netstat -anvW -p udp 2>&1);;',
		'  *) out=$(LC_ALL=C netstat -an -W -p tcp 2>&1; echo "$M part"; LC_ALL=C netstat -an -W -p udp 2>&1);;',
		'  esac',
		`  sum=$(printf '%s' "$out" | cksum)`,
		`  if [ "$sum" != "$last" ]; then last=$sum; printf '%s table\\n%s\\n%s end\\n' "$M" "$out" "$M" || exit; fi`,
		`  sleep ${seconds} || exit`,
		'done',
	];
	return lines.join('\n');
}

/** POSIX single quotes: the text as one word for any Bourne-like shell. */
export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}
