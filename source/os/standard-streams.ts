// process.stdout and process.stderr, each made only when a command first asks for it (a
// stream's first use loads node:stream and its modules: see cli/scan-stdio.ts).
export const standardStreams = {
	get stdout() {
		return process.stdout;
	},
	get stderr() {
		return process.stderr;
	},
};
