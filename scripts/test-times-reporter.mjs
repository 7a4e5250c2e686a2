// A node:test reporter for npm test (scripts/test.mjs): one line per top-level test,
// `{"file": …, "ms": …}`, so that the time of each file run inside a batch is known and the
// next run can balance the batches.
export default async function* timesReporter(source) {
	for await (const event of source) {
		if (
			(event.type === 'test:pass' || event.type === 'test:fail') &&
			event.data.nesting === 0 &&
			event.data.file
		)
			yield `${JSON.stringify({file: event.data.file, ms: event.data.details?.duration_ms ?? 0})}\n`;
	}
}
