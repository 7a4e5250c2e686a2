import {fstatSync, statSync} from 'node:fs';
import type {ScanCommandIO} from './scan-command.js';

// `socktop scan`'s standard streams as the CLI hands them over (cli.tsx): results go to
// descriptor 1 (fd-line-sink.ts), and process.stdout / process.stderr are made only when
// something asks for them (an error message, the progress line on a terminal, a descriptor
// that asks to wait). Making both loaded node:stream and its dozen modules: ≈5 ms of a
// top1000 scan's main-thread CPU before its first connect (docs/scan-start.md).

type Flushable = Pick<NodeJS.WriteStream, 'write' | 'writableLength'>;

/**
 * True when FD is certainly not a terminal: not a character device, or /dev/null. False
 * when it may be one: the caller asks its stream then.
 */
export function surelyNotTerminal(fd: number): boolean {
	try {
		const stat = fstatSync(fd);
		if (!stat.isCharacterDevice()) return true;
		return stat.rdev === statSync('/dev/null').rdev;
	} catch {
		return false;
	}
}

export interface ProcessScanIO {
	readonly io: ScanCommandIO;
	/** The standard streams made so far: the ones to flush before exiting. */
	readonly opened: () => Flushable[];
}

export function processScanIO(signal: AbortSignal): ProcessScanIO {
	const opened = new Set<NodeJS.WriteStream>();
	const io: ScanCommandIO = {
		get stdout() {
			opened.add(process.stdout);
			return process.stdout;
		},
		get stderr() {
			opened.add(process.stderr);
			return process.stderr;
		},
		stdoutFd: 1,
		...(surelyNotTerminal(2) ? {stderrIsTerminal: false} : {}),
		signal,
	};
	return {io, opened: () => [...opened]};
}
