export const REQUIRE_BANNER: string;
export function requireBuiltins(text: string, expected: number): {text: string; count: number};
export function builtinImportCount(output: {
	imports: readonly {path: string; kind: string; external?: boolean}[];
}): number;
export function filesOnCycles(
	outputs: Record<string, {imports: readonly {path: string; kind: string; external?: boolean}[]}>,
): Set<string>;
