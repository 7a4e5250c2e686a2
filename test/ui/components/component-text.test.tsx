// Components are props → text: each rendered with ink-testing-library and read back as
// the text a user sees. The library's caveats (docs/ink-6.8.md): its stdout is always
// 100 columns wide, so widths here stay at or under 100 and come in as the `width` prop;
// frames update asynchronously, so each render is awaited until a frame is there; and
// Ink's own colours are off (FORCE_COLOR=0 before Ink loads, whatever the CI sets). The
// theme's styles are SGR codes written by styled-text.tsx whatever chalk says: the text
// is read with them stripped, and one test checks they are there.
import '../../helpers/no-ci.js';
import '../../helpers/no-colour.js';
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import type {Snapshot} from '../../../source/store/snapshot.js';
import {Footer} from '../../../source/ui/components/footer.js';
import {Header} from '../../../source/ui/components/header.js';
import {HelpScreen} from '../../../source/ui/components/help-screen.js';
import {helpLines, type Mode} from '../../../source/ui/keymap.js';
import {textWidth} from '../../../source/ui/model/text-fit.js';
import {ASCII_GLYPHS, plainTheme, type Theme, themeFor} from '../../../source/ui/theme.js';

/** The first frame as drawn; rendering is awaited (bounded: 100 turns of the event loop). */
async function frameOf(element: ReactElement): Promise<string> {
	const {lastFrame, unmount} = render(element);
	let frame = lastFrame();
	for (let turn = 0; turn < 100 && !frame; turn++) {
		await new Promise((resolve) => setImmediate(resolve));
		frame = lastFrame();
	}
	unmount();
	assert.ok(frame, 'a frame was drawn');
	return frame;
}

/** The lines of the first frame, as text (styles stripped). */
const linesOf = async (element: ReactElement) => stripVTControlCharacters(await frameOf(element)).split('\n');

const footer = (props: {
	width: number;
	mode?: Mode;
	readOnly?: boolean;
	rowSelected?: boolean;
	draft?: string;
	filterError?: string | null;
	filter?: string;
	sourceError?: string | null;
	sourceStale?: boolean;
	theme?: Theme;
}) => (
	<Footer
		mode={props.mode ?? 'table'}
		readOnly={props.readOnly ?? false}
		rowSelected={props.rowSelected ?? true}
		width={props.width}
		filter={props.filter ?? ''}
		draft={props.draft ?? ''}
		filterError={props.filterError ?? null}
		message={null}
		sourceError={props.sourceError ?? null}
		sourceStale={props.sourceStale ?? false}
		theme={props.theme ?? plainTheme}
	/>
);

const snapshot: Snapshot = {
	version: 1,
	source: 'procfs',
	rows: [],
	added: [],
	removed: [],
	updatedAt: Date.UTC(2026, 10, 30, 12, 34, 56),
	lastGoodAt: 0,
	error: null,
	stale: false,
	loading: false,
	changed: [],
	waitingMs: 0,
	unattributed: 0,
	unattributedCause: null,
	skippedLines: 0,
	warnings: [],
};

describe('components rendered to text (ink-testing-library)', () => {
	it('footer at 80 columns: the filter state, then every table hint', async () => {
		const [status, hints] = await linesOf(footer({width: 80}));
		assert.equal(status, 'no filter  (/ to filter)');
		assert.equal(hints, 'q quit  ? help  Tab pane  / filter  Space pause  Enter info  K kill  s scan');
	});

	it('footer at 40 columns: fewer hints, none cut, quit and help kept', async () => {
		const [, hints = ''] = await linesOf(footer({width: 40}));
		assert.ok(textWidth(hints) <= 40, `${JSON.stringify(hints)} fits 40 columns`);
		assert.match(hints, /^q quit {2}\? help/);
		const full = (await linesOf(footer({width: 80})))[1]!;
		for (const hint of hints.split(/ {2}/))
			assert.ok(full.includes(hint.split(' ')[0]!), `${hint} is a real hint`);
		assert.ok(hints.split(/ {2}/).length < full.split(/ {2}/).length, 'some hints dropped');
	});

	it('footer with no row selected (scan pane focused, pane emptied by a filter) offers no row actions and no sort', async () => {
		const [, hints] = await linesOf(footer({width: 80, rowSelected: false}));
		assert.equal(hints, 'q quit  ? help  Tab pane  / filter  Space pause  s scan  H history');
	});

	it('footer with a filter error too long for the line cuts it after a whole word', async () => {
		const filterError = 'port: expects a port 0-65535, a range or a list like 80,443,8000-8100, got "x"';
		const [status = ''] = await linesOf(footer({width: 80, mode: 'filter', draft: 'port:x', filterError}));
		assert.ok(textWidth(status) <= 80, status);
		assert.match(status, /8000-8100…$/, 'cut after a whole part');
	});

	it('footer with --read-only offers no kill', async () => {
		const [, hints] = await linesOf(footer({width: 80, readOnly: true}));
		assert.doesNotMatch(hints ?? '', /kill/);
		assert.match(hints ?? '', /s scan/);
	});

	it('footer styles come from the theme: keys bold, the cursor inverse', async () => {
		const [status = '', hints = ''] = (await frameOf(footer({width: 100, mode: 'filter', draft: 'x'}))).split(
			'\n',
		);
		assert.ok(status.includes('x\x1b[7m \x1b[27m'), `inverse cursor in ${JSON.stringify(status)}`);
		assert.ok(hints.startsWith('\x1b[1m'), `bold key in ${JSON.stringify(hints)}`);
	});

	it('footer while typing a filter: the draft, then the syntax while it fits', async () => {
		const [status] = await linesOf(footer({width: 100, mode: 'filter', draft: 'proc:ng'}));
		assert.match(status ?? '', /^\/proc:ng {3}proc:/);
		const [narrow] = await linesOf(footer({width: 20, mode: 'filter', draft: 'proc:ng'}));
		assert.equal(narrow?.trimEnd(), '/proc:ng');
	});

	it('footer with a source error says the data shown is the last good one, or that it retries', async () => {
		const [stale] = await linesOf(footer({width: 100, sourceError: 'netstat not found', sourceStale: true}));
		assert.equal(stale, 'source error: netstat not found (showing last good data)');
		const [none] = await linesOf(footer({width: 100, sourceError: 'netstat not found'}));
		assert.equal(none, 'source error: netstat not found (retrying)');
	});

	it('help screen in 6 lines: the title counts the keys, the rest is "more below"', async () => {
		const lines = helpLines({readOnly: false});
		const frame = await linesOf(<HelpScreen lines={lines} height={6} scroll={0} theme={plainTheme} />);
		assert.equal(frame.length, 6);
		assert.match(frame[0]!, new RegExp(`^Keys {2}1-4 of ${lines.length} \\(↑↓ PgUp PgDn`));
		assert.match(frame[5]!, new RegExp(`^ {2}…${lines.length - 4} more below`));
	});

	it('help screen with ASCII glyphs (LANG=C) has no Unicode marks', async () => {
		const theme = themeFor(false, ASCII_GLYPHS);
		const frame = await linesOf(
			<HelpScreen lines={helpLines({readOnly: false})} height={6} scroll={0} theme={theme} />,
		);
		const text = frame.join('\n');
		assert.match(text, /more below/);
		assert.doesNotMatch(text, /[^\x20-\x7e\n]/, 'ASCII only');
	});

	it('header at 80 columns: host and source, then the counts', async () => {
		const [status, counts] = await linesOf(
			<Header
				hostname="web-1"
				sourceName="procfs"
				intervalMs={2000}
				snapshot={snapshot}
				counts={{listening: 3, established: 12, other: 4, unattributed: 0, matching: null}}
				paused={true}
				isRoot={true}
				theme={plainTheme}
				width={80}
			/>,
		);
		assert.match(status ?? '', /^socktop {2}web-1 {2}procfs every 2s/);
		assert.match(status ?? '', /PAUSED/);
		assert.ok(textWidth(status ?? '') <= 80);
		assert.match(counts ?? '', /^listening 3 {2}established 12 {2}other 4/);
	});
});
