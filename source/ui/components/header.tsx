import {Box, Text} from 'ink';
import {fitSegments} from '../model/text-fit.js';
import type {Theme} from '../theme.js';
import {countParts, type HeaderPart, type HeaderProps, statusParts} from './header-parts.js';
import {StyledText} from './styled-text.js';
import {machineRateParts, rateModeParts} from './traffic-header.js';

/** One header line: the parts that fit, styled, two spaces apart. */
function HeaderLine({parts, width, theme}: {parts: readonly HeaderPart[]; width: number; theme: Theme}) {
	const texts = fitSegments(parts, width, '  ', theme.glyphs.ellipsis);
	const shown = parts.map((part, i) => ({part, text: texts[i]!})).filter(({text}) => text !== '');
	return (
		<Text wrap="truncate">
			{shown.map(({part, text}, i) => {
				const gap = i > 0 ? '  ' : '';
				return part.style ? (
					<Text key={part.forms[0]}>
						{gap}
						<StyledText style={part.style}>{text}</StyledText>
					</Text>
				) : (
					<Text key={part.forms[0]}>{gap + text}</Text>
				);
			})}
		</Text>
	);
}

export function Header(props: HeaderProps) {
	const {counts, isRoot, snapshot, theme, width, traffic} = props;
	const status = [...statusParts(props), ...machineRateParts(traffic, theme)];
	const count = [...countParts(counts, isRoot, theme, snapshot), ...rateModeParts(traffic, theme)];
	return (
		<Box flexDirection="column">
			<HeaderLine parts={status} width={width} theme={theme} />
			<HeaderLine parts={count} width={width} theme={theme} />
		</Box>
	);
}
