// Cells the plain-text table writes the same way on both of its paths (text-table.ts's cells,
// text-table-direct.ts's bytes).
import {printable} from '../model/printable.js';
import type {SocketRecord} from '../model/socket-record.js';

/** PROTO: `tcp4`, `udp6`… (no string built for the common ones). */
export const protoCell = (record: SocketRecord): string =>
	record.family === 4 ? (record.proto === 'tcp' ? 'tcp4' : 'udp4') : record.proto === 'tcp' ? 'tcp6' : 'udp6';

/** CONTAINER: the container's label, else `netns <id>`, else `-` (this namespace). */
export const whereCell = (record: SocketRecord): string =>
	record.container !== null
		? printable(record.container)
		: record.netns === null
			? '-'
			: `netns ${record.netns}`;
