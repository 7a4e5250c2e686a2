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

	/** Text attributes of each cell of a screen row (for checks that styles reach the screen). */
	attributes(
		row: number,
	): {char: string; inverse: boolean; bold: boolean; dim: boolean; coloured: boolean}[] {
		const buffer = this.terminal.buffer.active;
		const line = buffer.getLine(buffer.viewportY + row);
		const cells = [];
		for (let x = 0; x < this.terminal.cols; x++) {
			const cell = line?.getCell(x);
			if (!cell) break;
			cells.push({
				char: cell.getChars(),
				inverse: cell.isInverse() !== 0,
				bold: cell.isBold() !== 0,
				dim: cell.isDim() !== 0,
				coloured: !cell.isFgDefault() || !cell.isBgDefault(),
			});
		}
		return cells;
	}

	dispose() {
		this.terminal.dispose();
	}
}
