// The many-hosts source as the product builds it: the system ssh (system-ssh.ts) with a
// private ControlMaster directory, keepalives from the poll interval, this machine's own
// source unless --no-local. Plain data in, so a worker thread can build it (feed-spec.ts).
import {manualSshCommand} from '../../os/ssh-command.js';
import {type SourceChoice, selectSource} from '../select-source.js';
import {createHostsSource, type HostsSource} from './hosts-source.js';
import type {SshCapability} from './ssh-capability.js';
import {systemSshFor} from './system-ssh.js';

export {systemSshFor};

export interface HostsConfig {
	readonly choice: SourceChoice;
	readonly hosts: readonly string[];
	readonly local: boolean;
	readonly intervalMs: number;
}

export function createSystemHostsSource(
	config: HostsConfig,
	ssh: SshCapability = systemSshFor(config.intervalMs),
): HostsSource {
	return createHostsSource({
		local: config.local ? selectSource(config.choice) : null,
		hosts: config.hosts,
		intervalMs: config.intervalMs,
		ssh,
		manualCommand: manualSshCommand,
	});
}
