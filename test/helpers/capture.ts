import {PassThrough} from 'node:stream';

/** A writable stream that remembers everything written to it. */
export function capture(): {stream: PassThrough; text(): string; lines(): string[]} {
	const stream = new PassThrough();
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
