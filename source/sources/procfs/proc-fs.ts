// The few file operations the procfs source needs, injectable so tests can run
// on a fake /proc tree and count calls. Always async: the UI shares the event loop.
import {readdir, readFile, readlink} from 'node:fs/promises';

export interface ProcFs {
	readdir(path: string): Promise<string[]>;
	readlink(path: string): Promise<string>;
	/** UTF-8 text of the whole file. */
	readFile(path: string): Promise<string>;
}

export const nodeProcFs: ProcFs = {
	readdir: (path) => readdir(path),
	readlink: (path) => readlink(path),
	readFile: (path) => readFile(path, 'utf8'),
};
