// The build's yoga loader change (scripts/yoga-no-fetch.mjs): it matches yoga as installed,
// once, and leaves no path to Node's fetch (undici) in the loader.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {YOGA_FROM, YOGA_TO, yogaWithoutFetch} from '../../scripts/yoga-no-fetch.mjs';

test("yoga's loader decodes its embedded WebAssembly without touching fetch", () => {
	const loader = new URL(
		'../../node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js',
		import.meta.url,
	);
	const text = readFileSync(loader, 'utf8');
	const changed = yogaWithoutFetch(text);
	assert.ok(changed.includes(YOGA_TO));
	assert.ok(!changed.includes(YOGA_FROM));
	// The one other `typeof fetch` is behind the data: URI check, which is true for the embedded binary.
	assert.equal(changed.match(/typeof fetch/g)?.length, 1);
	assert.match(changed, /ua\(H\)\|\|"function"!=typeof fetch/);
	assert.throws(() => yogaWithoutFetch(changed), /exactly once/);
});
