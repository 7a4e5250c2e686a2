import type {HostStatus} from '../model/host-status.js';
import type {HostsConfig} from '../sources/remote/system-hosts.js';
import {type SourceChoice, selectSource} from '../sources/select-source.js';
import type {SocketSource, SourceErrorCode, SourceName} from '../sources/source.js';
import type {RecordDelta} from './record-differ.js';

/**
 * Which source a worker-thread feed builds (a source object cannot cross threads): the
 * product's own choice, or a factory exported by a module (benchmarks and tests bring
 * fake sources this way).
 */
export type FeedSpec =
	| {readonly kind: 'select'; readonly choice: SourceChoice; readonly netns?: string}
	/** `--host`: this machine (unless --no-local) and remote hosts over ssh. */
	| {readonly kind: 'hosts'; readonly config: HostsConfig}
	| {
			readonly kind: 'module';
			readonly name: SourceName;
			/** A file: URL; the export is called with `args` and returns a SocketSource. */
			readonly url: string;
			readonly exportName: string;
			readonly args?: readonly unknown[];
	  };

/** main → worker */
export type FeedRequest =
	| {readonly type: 'read'; readonly id: number; readonly commit: boolean; readonly ownersLater?: boolean}
	| {readonly type: 'abort'; readonly id: number};

/** worker → main */
export type FeedReply =
	| {readonly type: 'delta'; readonly id: number; readonly delta: RecordDelta}
	| {
			readonly type: 'error';
			readonly id: number;
			readonly code: SourceErrorCode;
			readonly message: string;
			readonly hosts: readonly HostStatus[] | null;
	  };

/** The source a spec names, built on the calling thread. */
export async function buildSource(spec: FeedSpec): Promise<SocketSource> {
	if (spec.kind === 'select') return selectSource(spec.choice, undefined, spec.netns);
	if (spec.kind === 'hosts') {
		const {createSystemHostsSource} = await import('../sources/remote/system-hosts.js');
		return createSystemHostsSource(spec.config);
	}
	const module = (await import(spec.url)) as Record<string, (...args: unknown[]) => SocketSource>;
	const factory = module[spec.exportName];
	if (typeof factory !== 'function') throw new Error(`${spec.url} exports no ${spec.exportName}`);
	return factory(...(spec.args ?? []));
}
