import {useStdout} from 'ink';
import {useEffect} from 'react';

/**
 * Hands out a function that makes Ink draw its whole last frame again. Ink 6.8 has no
 * public repaint; `useStdout().write` is the one public call that clears Ink's record of
 * what is on the screen and writes the frame in full after the given text (ink.js
 * writeToStdout → log.clear → restoreLastOutput). Rendered once, at the root; draws nothing.
 */
export function RepaintHandle({onReady}: {onReady: (repaint: () => void) => void}) {
	const {write} = useStdout();
	useEffect(() => onReady(() => write('')), [write, onReady]);
	return null;
}
