import {Text} from 'ink';
import type {ReactNode} from 'react';
import {printable} from '../../model/printable.js';
import type {Style} from '../theme.js';

/** Ink's Text with a theme style; always truncates so a line never wraps into two, and never prints control characters. */
export function StyledText({style, children}: {style: Style; children: ReactNode}) {
	return (
		<Text
			wrap="truncate"
			{...(style.color ? {color: style.color} : {})}
			{...(style.backgroundColor ? {backgroundColor: style.backgroundColor} : {})}
			bold={style.bold ?? false}
			dimColor={style.dimColor ?? false}
			inverse={style.inverse ?? false}
		>
			{typeof children === 'string' ? printable(children) : children}
		</Text>
	);
}
