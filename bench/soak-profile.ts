// Reads a V8 CPU profile (Profiler.stop / --cpu-prof) and says where the time went
// inside given windows: while a key waited for the event loop, and from handling the
// key to the frame that showed it.

export interface CpuProfileNode {
	readonly id: number;
	readonly callFrame: {
		functionName: string;
		readonly scriptId: string;
		readonly url: string;
		readonly lineNumber: number;
		readonly columnNumber: number;
	};
	readonly children?: readonly number[];
}

export interface CpuProfile {
	readonly nodes: readonly CpuProfileNode[];
	/** µs, same clock as process.hrtime. */
	readonly startTime: number;
	readonly endTime: number;
	readonly samples: readonly number[];
	readonly timeDeltas: readonly number[];
}

export interface PressWindow {
	readonly kind: string;
	/** hrtime µs */
	readonly dueUs: number;
	readonly handledUs: number;
	readonly frameUs: number;
}

/** The socktop (or bench) functions that name a category, nearest on the stack wins. */
const FUNCTION_CATEGORIES: readonly [RegExp, string, string][] = [
	// [function name, url part, category]
	[/^sortRows$|^sortPaneRows$/, 'model/pane-data', 'sortPaneRows: split + sort (comparators incl.)'],
	[/^filterPaneRows$/, 'model/pane-data', 'filterPaneRows: filter (predicate incl.)'],
	[/^countRows$/, 'model/pane-data', 'countRows (header counts)'],
	[/^selectionIndex$/, 'ui/controller/navigation', 'selectionIndex (findIndex by key)'],
	[/^parseFilter$/, 'filter/filter', 'parseFilter'],
	[/^applyDelta$/, 'store/poll-store', 'store: applyDelta (rows from the delta)'],
	[/^diff$/, 'store/record-differ', 'store: diff (fingerprints; keyRecords too when inlined)'],
	[/^(keyRecords|baseKey)$/, 'store/', 'store: keyRecords (keys, groups)'],
	[/^fingerprint$/, 'store/row-key', 'store: fingerprint strings'],
	[/^(records|connection|listener|churnOnce|read)$/, 'churn-source', 'fake source: building 100k records'],
];

/** Where the code lives, when no named function above is on the stack. */
const URL_CATEGORIES: readonly [string, string][] = [
	['source/ui/components', 'UI components (rows → text)'],
	['source/ui/model', 'UI model (columns, text fit, format)'],
	['source/ui/controller', 'UI controller (windows, sync)'],
	['source/ui/hooks', 'UI hooks (data, controller shell)'],
	['source/ui/app', 'App component (other)'],
	['source/store', 'store: other (onSuccess: rows array, snapshot)'],
	['node_modules/ink/', 'Ink: output, log-update, layout glue'],
	['yoga', 'Yoga layout'],
	['react-reconciler', 'React reconciler'],
	['node_modules/react', 'React'],
	['@xterm', 'bench: terminal emulator replay'],
	['bench/', 'bench harness'],
];

function categoriser(profile: CpuProfile): (nodeId: number) => string {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const cache = new Map<number, string>();
	return (leaf) => {
		const cached = cache.get(leaf);
		if (cached) return cached;
		let category: string | null = null;
		let fallback: string | null = null;
		const root = byId.get(leaf)!.callFrame.functionName;
		if (root === '(garbage collector)') category = 'GC';
		else if (root === '(idle)') category = 'idle';
		else if (root === '(program)') category = 'V8 / native (program)';
		for (let id: number | undefined = leaf; category === null && id !== undefined; id = parent.get(id)) {
			const {functionName, url} = byId.get(id)!.callFrame;
			for (const [name, where, label] of FUNCTION_CATEGORIES)
				if (url.includes(where) && name.test(functionName)) {
					category = label;
					break;
				}
			if (fallback === null && url !== '')
				fallback = URL_CATEGORIES.find(([where]) => url.includes(where))?.[1] ?? null;
		}
		const result = category ?? fallback ?? 'other (node internals, timers)';
		cache.set(leaf, result);
		return result;
	};
}

/**
 * tsx compiles `const f = () => …` to `const f=__name(() => …, "f")`, which leaves the
 * profiler with an anonymous function; take the name back from the compiled source.
 */
export function nameAnonymousFunctions(profile: CpuProfile, sources: ReadonlyMap<string, string>): void {
	for (const node of profile.nodes) {
		const frame = node.callFrame;
		const source = sources.get(frame.scriptId);
		if (frame.functionName !== '' || !source) continue;
		const lines = source.split('\n');
		const line = lines[frame.lineNumber] ?? '';
		const before = line.slice(Math.max(0, frame.columnNumber - 160), frame.columnNumber);
		const match =
			/([\w$]+)\s*=\s*__name\(\s*(?:async\s*)?$/.exec(before) ??
			/([\w$]+)\s*[:=]\s*(?:async\s*)?$/.exec(before);
		if (match) frame.functionName = match[1]!;
	}
}

interface Tally {
	total: number;
	readonly byCategory: Map<string, number>;
	readonly bySelf: Map<string, number>;
}

const newTally = (): Tally => ({total: 0, byCategory: new Map(), bySelf: new Map()});
const add = (map: Map<string, number>, key: string, value: number) =>
	map.set(key, (map.get(key) ?? 0) + value);

function selfName(node: CpuProfileNode): string {
	const {functionName, url, lineNumber} = node.callFrame;
	const file = url.replace(/^.*\/(node_modules\/[^/]+|source|bench)\//, '$1/');
	return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

/**
 * Per window group: how much sampled CPU fell into each category, in ms per press
 * and share, and the functions with most self time.
 */
export function summariseWindows(
	profile: CpuProfile,
	windows: readonly PressWindow[],
	groupOf: (kind: string) => string = (kind) => kind,
	labels: {unit: string; handling: string} = {unit: 'press', handling: 'key handled → its frame written'},
): {lines: string[]; top: WindowTop[]} {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const categoryOf = categoriser(profile);
	const phases = [`handling: ${labels.handling}`, 'waiting: key due → event loop free'] as const;
	const tallies = new Map<string, Tally>();
	const presses = new Map<string, number>();
	for (const window of windows) add(presses, groupOf(window.kind), 1);
	const sorted = [...windows].sort((a, b) => a.dueUs - b.dueUs);
	let time = profile.startTime;
	let cursor = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i] ?? 0;
		const weight = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
		while (cursor < sorted.length && sorted[cursor]!.frameUs < time) cursor++;
		const window = sorted[cursor];
		if (!window || time < window.dueUs) continue;
		const phase = time < window.handledUs ? phases[1] : phases[0];
		const key = `${groupOf(window.kind)}|${phase}`;
		let tally = tallies.get(key);
		if (!tally) {
			tally = newTally();
			tallies.set(key, tally);
		}
		const node = byId.get(profile.samples[i]!)!;
		tally.total += weight;
		add(tally.byCategory, categoryOf(node.id), weight);
		add(tally.bySelf, selfName(node), weight);
	}
	const top: WindowTop[] = [];
	const lines: string[] = [
		`  CPU profile (inspector, 250 µs sampling) over ${windows.length} presses, split by what the CPU was doing in each window:`,
	];
	for (const group of presses.keys()) {
		for (const phase of phases) {
			const tally = tallies.get(`${group}|${phase}`);
			const n = presses.get(group)!;
			if (!tally || tally.total < 0.5) continue;
			lines.push(
				`    ${group} — ${phase}: ${(tally.total / n).toFixed(1)} ms sampled per ${labels.unit} (n=${n})`,
			);
			const categories = [...tally.byCategory].sort((a, b) => b[1] - a[1]).slice(0, 9);
			top.push({
				group,
				handling: phase === phases[0],
				perUnitMs: tally.total / n,
				categories: categories.map(([category, value]) => [category, value / n]),
			});
			for (const [category, value] of categories)
				lines.push(
					`      ${((100 * value) / tally.total).toFixed(0).padStart(3)} %  ${(value / n).toFixed(1).padStart(6)} ms/${labels.unit}  ${category}`,
				);
			const self = [...tally.bySelf].sort((a, b) => b[1] - a[1]).slice(0, 6);
			lines.push(
				`      top self time: ${self.map(([name, value]) => `${name} ${((100 * value) / tally.total).toFixed(0)} %`).join('; ')}`,
			);
		}
	}
	return {lines, top};
}

/** One window group and phase: sampled ms per press (or poll), and its biggest categories. */
export interface WindowTop {
	readonly group: string;
	/** true: handling (key handled → frame); false: waiting for the event loop. */
	readonly handling: boolean;
	readonly perUnitMs: number;
	readonly categories: readonly [string, number][];
}

/** "applyResult 217 ms, GC 142 ms, assignKeys 90 ms" from the top categories. */
export function describeTop(top: WindowTop, count = 3): string {
	return top.categories
		.filter(([category]) => category !== 'idle')
		.slice(0, count)
		.map(([category, value]) => `${category.replace(/ \(.*\)$/, '')} ${value.toFixed(0)} ms`)
		.join(', ');
}
