// The composition root of `--host`: the system ssh is the capability the many-hosts
// source is given (tests and benches give a fake, see test/sources/remote/).

import type {HostsSource} from '../sources/remote/hosts-source.js';
import type {SshCapability} from '../sources/remote/ssh-capability.js';
import {createSystemHostsSource, type HostsConfig, systemSshFor} from '../sources/remote/system-hosts.js';

export function composeHostsSource(
	config: HostsConfig,
	ssh: SshCapability = systemSshFor(config.intervalMs),
): HostsSource {
	return createSystemHostsSource(config, ssh);
}
