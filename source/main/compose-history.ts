// The dashboard's history, log and alerts, built from the command line: the log writer and
// the hook runner are made here and handed to the recorder, so the UI only ever reads the
// timeline (it never writes a file or spawns a hook).
import {type AlertRule, parseAlertRule} from '../cli/alert-rules.js';
import {type FinalBytesOf, type RecorderSource, startEventRecorder} from '../cli/event-recorder.js';
import {alertSequence, notifyProtocol, POP_TITLE, PUSH_TITLE} from '../cli/terminal-notify.js';
import {createEventLog} from '../os/event-log.js';
import {createHookRunner} from '../os/hook-runner.js';
import {createEventTimeline, type EventTimeline} from '../store/event-timeline.js';

export interface HistoryOptions {
	readonly log?: string | null;
	readonly alerts?: readonly string[];
	readonly alertExec?: readonly string[] | null;
	readonly terminal?: {write(text: string): unknown};
	/** Default: process.env (TERM_PROGRAM and TERM pick the notification, terminal-notify.ts). */
	readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ComposedHistory {
	readonly timeline: EventTimeline;
	readonly stop: () => void;
}

export function composeHistory(
	store: RecorderSource,
	options: HistoryOptions,
	finalBytes?: FinalBytesOf,
): ComposedHistory {
	const timeline = createEventTimeline();
	const terminal = options.terminal ?? process.stdout;
	const note = (text: string) => timeline.note(text);
	const log = options.log
		? createEventLog({path: options.log, onError: (text, cause) => timeline.note(text, cause)})
		: null;
	const [command, ...args] = options.alertExec ?? [];
	const hook = command ? createHookRunner({command, args, onProblem: note}) : null;
	// Checked by options.ts already: a rule that does not parse here cannot happen.
	const alerts = (options.alerts ?? []).flatMap((text) => {
		const rule = parseAlertRule(text);
		return 'error' in rule ? [] : [rule as AlertRule];
	});
	// With a hook and no rule, every event would be one spawn too many: the hook then
	// runs for new listeners, as --bell rings for.
	if (hook && alerts.length === 0) alerts.push(parseAlertRule('new-listener') as AlertRule);
	const protocol = notifyProtocol(options.env ?? process.env);
	let titlePushed = false;
	const ringsTerminal = (options.alerts ?? []).length > 0;
	const stopRecorder = startEventRecorder(store, timeline, {
		log,
		alerts,
		hook,
		...(finalBytes ? {finalBytes} : {}),
		onAlert: (text, count) => {
			if (!ringsTerminal) return;
			if (!titlePushed) {
				titlePushed = true;
				terminal.write(PUSH_TITLE);
			}
			terminal.write(alertSequence(count > 1 ? `${text} (+${count - 1} more)` : text, protocol));
		},
	});
	return {
		timeline,
		stop: () => {
			stopRecorder();
			hook?.stop();
			if (titlePushed) terminal.write(POP_TITLE);
		},
	};
}
