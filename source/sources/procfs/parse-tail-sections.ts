// Pure: the files of one `tail -n +1 FILE…` run, apart again. With more than one file, GNU
// tail heads each with `==> FILE <==` and puts an empty line before every header but the first
// (coreutils 9.1; fixture in test/fixtures/named-netns/). /proc/net files end with a newline
// and no line of theirs starts with `==> `, so the headers cannot be confused with content.

const HEADER = /^==> (.+) <==\n/gm;

/** Each file's text by the path tail was given; a file tail could not read is absent. */
export function parseTailSections(text: string): Map<string, string> {
	const sections = new Map<string, string>();
	const heads = [...text.matchAll(HEADER)];
	for (const [i, head] of heads.entries()) {
		const start = head.index + head[0].length;
		const next = heads[i + 1];
		// The empty line tail writes before the next header is not part of this file.
		const end = next === undefined ? text.length : next.index - 1;
		sections.set(head[1]!, text.slice(start, Math.max(start, end)));
	}
	return sections;
}
