// Turns a tmux `capture-pane -e -p` dump (text with SGR escapes) into an SVG
// screenshot for media/. Only what Ink emits is handled: 16 colours, bold, dim,
// inverse; every cell is one monospace column.
import {readFileSync, writeFileSync} from 'node:fs';

const PALETTE: Record<number, string> = {
	30: '#1e1e1e',
	31: '#e06c75',
	32: '#98c379',
	33: '#e5c07b',
	34: '#61afef',
	35: '#c678dd',
	36: '#56b6c2',
	37: '#dcdfe4',
	90: '#7f848e',
	91: '#ff7b86',
	92: '#b5e890',
	93: '#ffd580',
	94: '#7cc4ff',
	95: '#e0a0ff',
	96: '#7fe0eb',
	97: '#ffffff',
};
const FG = '#dcdfe4';
const BG = '#1e1e1e';

interface Cell {
	char: string;
	fg: string;
	bg: string;
	bold: boolean;
	dim: boolean;
}

function parse(text: string): Cell[][] {
	const lines: Cell[][] = [];
	let style = {fg: FG, bg: BG, bold: false, dim: false, inverse: false};
	for (const raw of text.replace(/\n$/, '').split('\n')) {
		const cells: Cell[] = [];
		const pattern = /\x1b\[([0-9;]*)m|([^\x1b])/gu;
		for (const match of raw.matchAll(pattern)) {
			if (match[2] !== undefined) {
				const [fg, bg] = style.inverse ? [style.bg, style.fg] : [style.fg, style.bg];
				cells.push({char: match[2], fg, bg, bold: style.bold, dim: style.dim});
				continue;
			}
			const codes = (match[1] || '0').split(';').map(Number);
			for (let i = 0; i < codes.length; i++) {
				const code = codes[i]!;
				if (code === 0) style = {fg: FG, bg: BG, bold: false, dim: false, inverse: false};
				else if (code === 1) style.bold = true;
				else if (code === 2) style.dim = true;
				else if (code === 7) style.inverse = true;
				else if (code === 22) style = {...style, bold: false, dim: false};
				else if (code === 27) style.inverse = false;
				else if (code === 39) style.fg = FG;
				else if (code === 49) style.bg = BG;
				else if (PALETTE[code]) style.fg = PALETTE[code]!;
				else if (code >= 40 && code <= 47) style.bg = PALETTE[code - 10]!;
				else if (code === 38 || code === 48) i += codes[i + 1] === 5 ? 2 : 4; // 256/true colour: skip
			}
		}
		lines.push(cells);
	}
	return lines;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ansiToSvg(text: string, columns: number): string {
	const lines = parse(text);
	const cw = 8.4;
	const lh = 17;
	const width = Math.ceil(columns * cw + 34);
	const height = lines.length * lh + 20;
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
		`<rect width="100%" height="100%" rx="6" fill="${BG}"/>`,
		`<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14px" xml:space="preserve">`,
	];
	lines.forEach((cells, row) => {
		const y = 10 + row * lh;
		let col = 0;
		while (col < cells.length) {
			const first = cells[col]!;
			let end = col;
			while (
				end < cells.length &&
				cells[end]!.fg === first.fg &&
				cells[end]!.bg === first.bg &&
				cells[end]!.bold === first.bold &&
				cells[end]!.dim === first.dim
			)
				end++;
			const run = cells
				.slice(col, end)
				.map((cell) => cell.char)
				.join('');
			const x = 10 + col * cw;
			if (first.bg !== BG)
				parts.push(
					`<rect x="${x.toFixed(1)}" y="${y}" width="${((end - col) * cw).toFixed(1)}" height="${lh}" fill="${first.bg}"/>`,
				);
			if (run.trim() !== '')
				parts.push(
					`<text x="${x.toFixed(1)}" y="${y + 13}" fill="${first.fg}"${first.bold ? ' font-weight="bold"' : ''}${first.dim ? ' opacity="0.6"' : ''} textLength="${((end - col) * cw).toFixed(1)}">${escapeXml(run)}</text>`,
				);
			col = end;
		}
	});
	parts.push('</g></svg>');
	return parts.join('\n');
}

if (process.argv[2]) {
	const [, , input, output, columns = '120'] = process.argv;
	writeFileSync(output ?? 'out.svg', ansiToSvg(readFileSync(input!, 'utf8'), Number(columns)));
}
