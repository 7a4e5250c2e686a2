// The dashboard's namespace pieces, pure: the CONTAINER column only with several namespaces,
// the `c` key's filter term, the detail view's namespace line, the header's namespace count.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cadenceAge, cadenceNote} from '../../source/model/netns-note.js';
import {namespaceLine} from '../../source/ui/components/detail-view.js';
import {countParts} from '../../source/ui/components/header-parts.js';
import {containerTerm} from '../../source/ui/controller/container-filter.js';
import {COLUMNS, withNamespaces} from '../../source/ui/model/columns.js';
import {plainTheme} from '../../source/ui/theme.js';
import {rec} from '../helpers/records.js';

const row = (record: ReturnType<typeof rec>) =>
	({key: 'k', record, status: 'open', firstSeen: 0, seenAtStart: false}) as never;

test('CONTAINER is shown only when more than one namespace has sockets', () => {
	const ids = (n: number) => withNamespaces(COLUMNS.listening, n).map((column) => column.id);
	assert.ok(!ids(1).includes('container'));
	assert.ok(ids(2).includes('container'));
	assert.ok(withNamespaces(COLUMNS.established, 3).some((column) => column.id === 'container'));
	const container = COLUMNS.listening.find((column) => column.id === 'container')!;
	const labelled = {...rec({localPort: 80}), netns: 7, container: 'docker:3f2a9c1be4d5'};
	assert.equal(container.value(row(labelled), {} as never), 'docker:3f2a9c1be4d5');
	assert.equal(container.value(row({...labelled, container: null}), {} as never), 'netns 7');
	assert.equal(container.value(row(rec({localPort: 80})), {} as never), '');
});

test('c filters to the label, else to the namespace', () => {
	assert.equal(containerTerm({container: 'k8s:8f1e2d3c', netns: 5}), 'container:k8s:8f1e2d3c');
	assert.equal(containerTerm({container: null, netns: 5}), 'ns:5');
	assert.equal(containerTerm({container: null, netns: null}), 'ns:host');
});

test('the detail view names the namespace and container, and says nothing in the plain case', () => {
	assert.equal(namespaceLine([row(rec({localPort: 1}))]), null);
	assert.equal(
		namespaceLine([row({...rec({localPort: 1}), netns: 42, container: 'podman:c0ffee012345'})]),
		'network namespace: 42    container: podman:c0ffee012345',
	);
});

test('the header counts namespaces and gives the age bound of the cadence note', () => {
	const counts = {listening: 1, established: 0, other: 0, unattributed: 0, matching: null, namespaces: 4};
	const state = {
		lastGoodAt: 1,
		error: null,
		waitingMs: null,
		unattributedCause: null,
		warnings: [cadenceNote(3, 15)],
	};
	const forms = countParts(counts, true, plainTheme, state).flatMap((part) => part.forms);
	assert.ok(forms.includes('netns 4 (≤15s old)'), forms.join('|'));
	assert.equal(cadenceAge(['x', cadenceNote(2, 5)]), 5);
	assert.equal(cadenceAge([]), null);
	const one = countParts({...counts, namespaces: 1}, true, plainTheme, state).flatMap((p) => p.forms);
	assert.ok(!one.some((form) => form.startsWith('netns')));
});
