import type {SocketRecord} from '../model/socket-record.js';
import type {RecordDelta} from './record-differ.js';

/**
 * One copy of each repeated text in the records a worker sends. A message from a worker
 * thread is a structured clone, and the clone makes a new string for every field of every
 * record: 20,000 sockets arrived as ≈160,000 strings ('tcp', 'ESTABLISHED', '127.0.0.1',
 * 'local', the same process and user names), ≈24–32 B each, kept for as long as the rows.
 * Interned, each distinct text is kept once. The pool forgets everything once it holds
 * MAX_ENTRIES texts (addresses of a churning set of peers must not pile up).
 */
export class StringPool {
	static readonly MAX_ENTRIES = 20_000;
	private texts = new Map<string, string>();

	intern(text: string): string;
	intern(text: string | null): string | null;
	intern(text: string | null): string | null {
		if (text === null) return null;
		const known = this.texts.get(text);
		if (known !== undefined) return known;
		if (this.texts.size >= StringPool.MAX_ENTRIES) this.texts = new Map();
		this.texts.set(text, text);
		return text;
	}

	get size(): number {
		return this.texts.size;
	}
}

type Mutable<T> = {-readonly [K in keyof T]: T[K]};

/**
 * Replaces the text fields of a delta's records by their pooled copies, in place: only for
 * a delta just received from a worker, whose records nothing else holds yet.
 */
export function internDelta(delta: RecordDelta, pool: StringPool): void {
	for (const [, record] of delta.upserts) {
		const r = record as Mutable<SocketRecord>;
		r.proto = pool.intern(r.proto) as SocketRecord['proto'];
		r.localAddress = pool.intern(r.localAddress);
		r.remoteAddress = pool.intern(r.remoteAddress);
		r.state = pool.intern(r.state) as SocketRecord['state'];
		r.process = pool.intern(r.process);
		r.user = pool.intern(r.user);
		r.host = pool.intern(r.host);
		r.container = pool.intern(r.container);
		for (const owner of r.owners) (owner as Mutable<typeof owner>).process = pool.intern(owner.process);
	}
}
