import xterm from '@xterm/headless';

/** A terminal emulator that replays bytes and shows the screen a user would see. */
export class HeadlessTerminal {
	private readonly terminal: xterm.Terminal;

	// convertEol: a real tty turns \n into \r\n (ONLCR); the emulator must do the same.
	constructor(columns: number, rows: number) {
		this.terminal = new xterm.Terminal({
			cols: columns,
			rows,
			allowProposedApi: true,
			scrollback: 0,
			convertEol: true,
		});
	}

	write(data: string): Promise<void> {
		return new Promise((resolve) => this.terminal.write(data, resolve));
	}

	resize(columns: number, rows: number) {
		this.terminal.resize(columns, rows);
	}

	/** The visible screen, one string per row, trailing spaces removed. */
	screen(): string[] {
		const buffer = this.terminal.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < this.terminal.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}
		return lines;
	}

	dispose() {
		this.terminal.dispose();
	}
}
