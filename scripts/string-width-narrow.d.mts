import type {Plugin} from 'esbuild';

export const NARROW_GLYPHS: string;
export function stringWidthNarrow(text: string): string;
export const stringWidthNarrowPlugin: Plugin;
