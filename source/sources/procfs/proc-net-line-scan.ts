// A hand scan of one /proc/net/{tcp,udp}{,6} line as the kernel prints it, for
// parse-proc-net.ts: numbers read from character codes, no string per line or per field.
// At 20,000 sockets `split('\n')` and one regex with seven captures per line made ≈160,000
// short strings a read, most of the parser's time and a good part of `--once`'s garbage
// collection (docs/cold-read.md, fourth pass).
//
// It accepts only the kernel's own layout (fields one or more spaces apart, fixed-width hex,
// plain digits) and never a line the parser's regex would reject or read otherwise; on
// anything else it gives up (null) and the line goes to the regex, which decides.

/** The fields of a line the regex would capture, as numbers; `local`/`remote`: where the address's hex digits start. */
export interface ScannedLine {
	local: number;
	localPort: number;
	remote: number;
	remotePort: number;
	/** Whether the remote address's digits are all 0. */
	remoteZero: boolean;
	/** The IPv4 address words (the hex as printed), for a cache key; unused for IPv6. */
	localWord: number;
	remoteWord: number;
	state: number;
	uid: number;
	inode: number;
}

const SPACE = 32;
const COLON = 58;
const MAX_DIGITS = 10;

function hexValue(c: number): number {
	if (c >= 48 && c <= 57) return c - 48;
	if (c >= 65 && c <= 70) return c - 55;
	if (c >= 97 && c <= 102) return c - 87;
	return -1;
}

// The line being scanned: module state rather than closures, so that a line costs no
// allocation at all (one scan is one call; nothing here awaits).
let line = '';
let end = 0;
let i = 0;
let word = 0;
let zero = true;

const at = (index: number) => (index < end ? line.charCodeAt(index) : -1);

/** One or more spaces (the kernel's separator); false if there is none. */
function spaces(): boolean {
	if (at(i) !== SPACE) return false;
	while (at(i) === SPACE) i++;
	return true;
}

/** `hex{digits}:hex{4}` then spaces: the port, or -1. Sets `word` (the first 8 digits) and `zero`. */
function endpoint(digits: number): number {
	word = 0;
	zero = true;
	for (let n = 0; n < digits; n++) {
		const value = hexValue(at(i++));
		if (value < 0) return -1;
		if (value !== 0) zero = false;
		if (n < 8) word = word * 16 + value;
	}
	if (at(i++) !== COLON) return -1;
	let port = 0;
	for (let n = 0; n < 4; n++) {
		const value = hexValue(at(i++));
		if (value < 0) return -1;
		port = port * 16 + value;
	}
	return spaces() ? port : -1;
}

/** A field of printable characters (`\S+` as the kernel prints it) then spaces. */
function field(): boolean {
	const from = i;
	for (let c = at(i); c > SPACE && c < 127; c = at(++i));
	return i > from && spaces();
}

/** 1 to 10 digits (`\d{1,10}`): their value, or -1. */
function number(): number {
	const from = i;
	let value = 0;
	for (let c = at(i); c >= 48 && c <= 57; c = at(++i)) value = value * 10 + (c - 48);
	return i > from && i - from <= MAX_DIGITS ? value : -1;
}

/**
 * Scans `text` from `start` to `lineEnd` (the line, without its `\n`) for addresses of
 * `hexDigits` (8: IPv4, 32: IPv6) digits; fills `out` and returns true, or false to let the
 * regex decide.
 */
export function scanProcNetLine(
	text: string,
	start: number,
	lineEnd: number,
	hexDigits: number,
	out: ScannedLine,
): boolean {
	line = text;
	end = lineEnd;
	i = start;
	const scanned = scan(hexDigits, out);
	line = ''; // the table's text is not kept alive by this module
	return scanned;
}

function scan(hexDigits: number, out: ScannedLine): boolean {
	// `^\s*\d+:\s+`
	while (at(i) === SPACE) i++;
	const digits = i;
	while (at(i) >= 48 && at(i) <= 57) i++;
	if (i === digits || at(i) !== COLON) return false;
	i++;
	if (!spaces()) return false;
	out.local = i;
	const localPort = endpoint(hexDigits);
	if (localPort < 0) return false;
	out.localPort = localPort;
	out.localWord = word;
	out.remote = i;
	const remotePort = endpoint(hexDigits);
	if (remotePort < 0) return false;
	out.remotePort = remotePort;
	out.remoteWord = word;
	out.remoteZero = zero;
	// `([0-9A-Fa-f]{2})\s+`
	const high = hexValue(at(i++));
	const low = hexValue(at(i++));
	if (high < 0 || low < 0 || !spaces()) return false;
	out.state = high * 16 + low;
	// tx:rx, tr:when, retrnsmt
	if (!field() || !field() || !field()) return false;
	// `(\d{1,10})\s+`: the uid, a field of digits only.
	const uid = number();
	if (uid < 0 || !spaces()) return false;
	out.uid = uid;
	if (!field()) return false; // the timeout
	// `(\d{1,10})(?:\s|$)`: the inode, then a space or the end of the line.
	const inode = number();
	if (inode < 0 || (i < end && at(i) !== SPACE)) return false;
	out.inode = inode;
	return true;
}
