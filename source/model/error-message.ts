/** The message of anything thrown, for a one-line report (never a stack trace). */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
