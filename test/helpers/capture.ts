import {PassThrough} from 'node:stream';

/** A writable stream that remembers what was written; `isTTY` as asked. */
export function capture(options: {isTTY?: boolean; columns?: number} = {}) {
	const stream = Object.assign(new PassThrough(), options);
	const chunks: string[] = [];
	stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
	return {
		stream,
		text: () => chunks.join(''),
		lines: () =>
			chunks
				.join('')
				.split('\n')
				.filter((line) => line !== ''),
	};
}
