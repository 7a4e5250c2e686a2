import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {styleText} from '../../source/ui/components/styled-text.js';
import {
	ASCII_GLYPHS,
	glyphText,
	isUtf8Terminal,
	plainTheme,
	themeFromEnv,
	UNICODE_GLYPHS,
	wantsColour,
} from '../../source/ui/theme.js';

describe('glyph set from the environment', () => {
	const cases: [Record<string, string>, boolean][] = [
		[{LANG: 'en_US.UTF-8', TERM: 'xterm-256color'}, true],
		[{LANG: 'C.UTF-8'}, true],
		[{LANG: 'de_DE.utf8'}, true],
		[{LANG: 'C'}, false],
		[{LANG: 'en_US.UTF-8', LC_ALL: 'C'}, false],
		[{LANG: 'C', LC_CTYPE: 'en_US.UTF-8'}, true],
		[{LANG: 'POSIX'}, false],
		[{LANG: 'en_US.ISO-8859-1'}, false],
		[{}, false],
		[{LANG: 'en_US.UTF-8', TERM: 'linux'}, false],
		[{LANG: 'en_US.UTF-8', TERM: 'vt220'}, false],
	];
	for (const [env, utf8] of cases) {
		it(`${JSON.stringify(env)} → ${utf8 ? 'Unicode' : 'ASCII'}`, () => {
			assert.equal(isUtf8Terminal(env), utf8);
			assert.equal(themeFromEnv(true, env).glyphs, utf8 ? UNICODE_GLYPHS : ASCII_GLYPHS);
		});
	}

	it('the ASCII set is ASCII, one cell each but the lower-bound mark >= (measured by the age column)', () => {
		for (const [name, glyph] of Object.entries(ASCII_GLYPHS))
			assert.match(glyph, name === 'atLeast' ? /^>=$/ : /^[\x21-\x7e]$/);
	});
});

describe('colour from the flag and environment', () => {
	it('--no-color, NO_COLOR and FORCE_COLOR=0 mean no colour', () => {
		assert.equal(wantsColour(true, {}), true);
		assert.equal(wantsColour(false, {}), false);
		assert.equal(wantsColour(true, {NO_COLOR: '1'}), false);
		assert.equal(wantsColour(true, {FORCE_COLOR: '0'}), false);
		assert.equal(wantsColour(true, {FORCE_COLOR: 'false'}), false);
		assert.equal(wantsColour(true, {FORCE_COLOR: '1'}), true);
		assert.equal(themeFromEnv(false, {LANG: 'C.UTF-8'}).name, 'plain');
	});
});

describe('styleText', () => {
	it('writes the attributes of the no-colour theme whatever the colour library thinks', () => {
		assert.equal(styleText(plainTheme.selected, 'row  '), '\x1b[7mrow  \x1b[27m');
		assert.equal(
			styleText(plainTheme.newRow, 'row  '),
			'\x1b[1mrow\x1b[22m  ',
			'padding outside when nothing paints it',
		);
		assert.equal(styleText(plainTheme.closedRow, 'x'), '\x1b[2mx\x1b[22m');
		assert.equal(styleText({bold: true, color: 'cyan'}, 'k'), '\x1b[1;36mk\x1b[22;39m');
		assert.equal(styleText(plainTheme.row, 'plain'), 'plain');
	});
});

describe('glyphText', () => {
	it('writes the Unicode marks of keys, cuts and separators in the ASCII set', () => {
		const text = '↑↓ PgUp · reading sockets… ▶ 80 ← nginx ██··';
		assert.equal(glyphText(text, ASCII_GLYPHS), '^v PgUp - reading sockets~ > 80 < nginx ##--');
		assert.equal(glyphText(text, UNICODE_GLYPHS), text);
	});

	it('writes the lower bound of an age one cell wide', () => {
		// `>` alone would say "more than": a lower bound is `>=`.
		assert.equal(glyphText('≥3m', ASCII_GLYPHS), '>=3m');
	});
});
