// The text exposition formats, pure: OpenMetrics 1.0.0 (what Prometheus asks for first) and
// the Prometheus text format 0.0.4 (what plain `curl` and node_exporter's textfile collector
// read). They differ in four places, all handled here: a counter's family is named without
// `_total` in OpenMetrics (its sample carries it) and with it in 0.0.4; `# UNIT` exists only in
// OpenMetrics; HELP escapes `"` only in OpenMetrics; OpenMetrics ends with `# EOF`.

export type MetricType = 'gauge' | 'counter';
export type ExpositionFormat = 'openmetrics' | 'prometheus';

export type Labels = readonly (readonly [name: string, value: string])[];

export interface Sample {
	readonly labels: Labels;
	readonly value: number;
}

export interface MetricFamily {
	/** The family's name; for a counter without `_total` (the samples get it). */
	readonly name: string;
	readonly type: MetricType;
	readonly help: string;
	/** OpenMetrics unit (`seconds`); the name must then end with `_<unit>`. */
	readonly unit?: string;
	readonly samples: readonly Sample[];
}

export const CONTENT_TYPE: Readonly<Record<ExpositionFormat, string>> = {
	openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
	prometheus: 'text/plain; version=0.0.4; charset=utf-8',
};

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A label value inside double quotes: backslash, double quote and line feed escaped, as both
 * formats require. Everything else (tabs, carriage returns, any UTF-8) is allowed as is. Process
 * names are chosen by whoever starts the process: `/proc/<pid>/comm` may hold any of these.
 */
export function escapeLabelValue(value: string): string {
	return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function escapeHelp(text: string, format: ExpositionFormat): string {
	const special = format === 'openmetrics' ? /[\\"\n]/g : /[\\\n]/g;
	return text.replace(special, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Numbers as both formats spell them: integers plainly, `NaN`, `+Inf`, `-Inf`. */
export function formatValue(value: number): string {
	if (Number.isNaN(value)) return 'NaN';
	if (value === Number.POSITIVE_INFINITY) return '+Inf';
	if (value === Number.NEGATIVE_INFINITY) return '-Inf';
	return String(value);
}

function formatLabels(labels: Labels): string {
	if (labels.length === 0) return '';
	return `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** Throws on a family no scraper would accept: a bad name, a bad label name, a repeated label set. */
function check(family: MetricFamily): void {
	if (!NAME.test(family.name)) throw new Error(`bad metric name ${family.name}`);
	if (family.type === 'counter' && family.name.endsWith('_total'))
		throw new Error(`counter ${family.name}: name the family without _total`);
	if (family.unit !== undefined && !family.name.endsWith(`_${family.unit}`))
		throw new Error(`${family.name} must end with its unit _${family.unit}`);
	const seen = new Set<string>();
	for (const sample of family.samples) {
		for (const [name] of sample.labels)
			if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`bad label name ${name}`);
		const key = formatLabels(sample.labels);
		if (seen.has(key)) throw new Error(`${family.name}: label set ${key} twice`);
		seen.add(key);
	}
}

/** The families as one exposition, each with HELP and TYPE (and UNIT in OpenMetrics). */
export function renderExposition(families: readonly MetricFamily[], format: ExpositionFormat): string {
	const lines: string[] = [];
	const names = new Set<string>();
	for (const family of families) {
		check(family);
		if (names.has(family.name)) throw new Error(`family ${family.name} twice`);
		names.add(family.name);
		const sampleName = family.type === 'counter' ? `${family.name}_total` : family.name;
		const described = format === 'openmetrics' ? family.name : sampleName;
		lines.push(`# HELP ${described} ${escapeHelp(family.help, format)}`);
		lines.push(`# TYPE ${described} ${family.type}`);
		if (format === 'openmetrics' && family.unit !== undefined)
			lines.push(`# UNIT ${described} ${family.unit}`);
		for (const sample of family.samples)
			lines.push(`${sampleName}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
	}
	if (format === 'openmetrics') lines.push('# EOF');
	return `${lines.join('\n')}\n`;
}
