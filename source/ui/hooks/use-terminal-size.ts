import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
	readonly columns: number | undefined;
	readonly rows: number | undefined;
}

/** The terminal's size, updated at once on resize (SIGWINCH reaches us as stdout 'resize'). */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState<TerminalSize>({columns: stdout.columns, rows: stdout.rows});
	useEffect(() => {
		const onResize = () => setSize({columns: stdout.columns, rows: stdout.rows});
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
