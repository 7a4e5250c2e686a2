import type {Plugin} from 'esbuild';

export const MEOW_REPLACEMENTS: Map<string, [from: string, to: string][]>;
export function slimMeowFile(path: string, text: string): string;
export const meowSlim: Plugin;
