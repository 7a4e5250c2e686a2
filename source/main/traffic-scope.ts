import type {TrafficSourceDeps} from '../sources/traffic/traffic-source.js';

/**
 * What the dashboard's rates read, from `--netns`. With `host` the table holds this namespace's
 * sockets alone, so the other namespaces' `nsenter … ss` runs (and the text of each, kept to
 * reuse while its counters stand still) bought nothing: in the memory bench, on a machine where
 * another namespace held 10,000 connections, the dashboard kept that namespace's 9.3 MB ss text
 * (heap snapshot, docs/memory.md). Any other value reads every namespace, as before.
 */
export function trafficScope(netns: string | undefined): Pick<TrafficSourceDeps, 'otherNamespaces'> {
	return netns === 'host' ? {otherNamespaces: () => []} : {};
}
