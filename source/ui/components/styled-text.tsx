import {Text} from 'ink';
import {memo, type ReactNode} from 'react';
import {printable} from '../../model/printable.js';
import type {Style} from '../theme.js';

// The theme alone decides what is styled. Ink's own style props go through chalk,
// which turns every attribute off, inverse and bold included, when it sees
// `--no-color` in argv, FORCE_COLOR=0 or an unknown CI, so the selection vanished
// with --no-color. Text children get their SGR codes here instead (Ink keeps SGR
// codes in text and measures around them).

const FOREGROUND: Readonly<Record<string, number>> = {
	black: 30,
	red: 31,
	green: 32,
	yellow: 33,
	blue: 34,
	magenta: 35,
	cyan: 36,
	white: 37,
	gray: 90,
	grey: 90,
};

/** `text` wrapped in the SGR codes that turn `style` on and off again (only what it set). */
export function styleText(style: Style, text: string): string {
	if (text === '') return text;
	const on: number[] = [];
	const off: number[] = [];
	if (style.bold) on.push(1);
	if (style.dimColor) on.push(2);
	if (style.bold || style.dimColor) off.push(22);
	const foreground = style.color ? FOREGROUND[style.color] : undefined;
	if (foreground !== undefined) {
		on.push(foreground);
		off.push(39);
	}
	const background = style.backgroundColor ? FOREGROUND[style.backgroundColor] : undefined;
	if (background !== undefined) {
		on.push(background + 10);
		off.push(49);
	}
	if (style.inverse) {
		on.push(7);
		off.push(27);
	}
	if (on.length === 0) return text;
	// Padding only shows when inverse or a background paints it (the selection bar);
	// otherwise it stays outside the codes, where Ink trims it instead of sending it.
	const painted = style.inverse || background !== undefined;
	const body = painted ? text : text.trimEnd();
	return `\x1b[${on.join(';')}m${body}\x1b[${off.join(';')}m${text.slice(body.length)}`;
}

const plainText = (children: ReactNode): string | null => {
	if (typeof children === 'string' || typeof children === 'number') return String(children);
	if (
		Array.isArray(children) &&
		children.every((child) => typeof child === 'string' || typeof child === 'number')
	)
		return children.join('');
	return null;
};

/**
 * Ink's Text with a theme style; always truncates so a line never wraps into two, and never prints control characters.
 * Memoized: a table line whose text and style object are unchanged is not rendered again.
 */
export const StyledText = memo(function StyledText({style, children}: {style: Style; children: ReactNode}) {
	const text = plainText(children);
	if (text !== null) return <Text wrap="truncate">{styleText(style, printable(text))}</Text>;
	// Nested elements: Ink's props (chalk) are the only way to style them.
	return (
		<Text
			wrap="truncate"
			{...(style.color ? {color: style.color} : {})}
			{...(style.backgroundColor ? {backgroundColor: style.backgroundColor} : {})}
			bold={style.bold ?? false}
			dimColor={style.dimColor ?? false}
			inverse={style.inverse ?? false}
		>
			{children}
		</Text>
	);
});
