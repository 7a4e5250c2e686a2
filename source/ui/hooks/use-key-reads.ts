import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import type {KeyPress} from '../controller/types.js';
import {type DecodedKey, decodeKeys} from '../input/decode-keys.js';

/**
 * Calls `onRead` once per read of terminal input with every key in it, in order.
 * Ink splits one read from stdin into several events synchronously (text, escape
 * sequences); they are gathered until the end of that turn, so the keys of one read
 * share a read number and know how many came together (a paste, or typing faster
 * than a slow link delivers). Returns the number of the last read.
 */
export function useKeyReads(onRead: (presses: KeyPress[]) => void): () => number {
	const {internal_eventEmitter: events, setRawMode, isRawModeSupported} = useStdin();
	const handler = useRef(onRead);
	handler.current = onRead;
	const reads = useRef(0);
	useEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [isRawModeSupported, setRawMode]);
	useEffect(() => {
		let pending: DecodedKey[] = [];
		const flush = () => {
			const keys = pending;
			pending = [];
			if (keys.length === 0) return;
			const read = ++reads.current;
			handler.current(keys.map((key) => ({...key, read, readSize: keys.length})));
		};
		const onInput = (data: string) => {
			if (pending.length === 0) queueMicrotask(flush);
			pending.push(...decodeKeys(data));
		};
		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
		};
	}, [events]);
	return () => reads.current;
}
