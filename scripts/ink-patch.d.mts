export const INK_VERSION: string;
export function inkPatches(): Map<string, {before: string[]; after: string[]}[]>;
export function patchInkFile(path: string, text: string): string;
export function inkPathOf(file: string): string | null;
