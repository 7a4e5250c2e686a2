export const SCRIPT_LOADER: string;
export const SCRIPT_CHUNK_MIN_BYTES: number;
export function scriptChunk(
	text: string,
	name: string,
): {stub: string; script: string; scriptName: string; key: string};
