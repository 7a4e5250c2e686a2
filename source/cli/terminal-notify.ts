// What the terminal is told when an alert fires: the bell, the window title, and a desktop
// notification where the terminal is known to show one. There is no way to ask a terminal
// whether it supports OSC 9 or 777 (unknown OSCs are silently dropped), so it is decided
// from TERM_PROGRAM and TERM:
//
//   OSC 9  (ESC ] 9 ; text BEL)                 iTerm2 (TERM_PROGRAM=iTerm.app)
//   OSC 777 (ESC ] 777 ; notify ; title ; text BEL)  WezTerm, Ghostty, foot, rxvt-unicode
//   none                                        everything else, and inside tmux or screen
//                                               (they swallow both unless passthrough is set up)

export type NotifyProtocol = 'osc9' | 'osc777' | 'none';

const BEL = '\x07';

export function notifyProtocol(env: Readonly<Record<string, string | undefined>>): NotifyProtocol {
	const term = env.TERM ?? '';
	if (env.TMUX || term.startsWith('screen') || term.startsWith('tmux')) return 'none';
	const program = env.TERM_PROGRAM ?? '';
	if (program === 'iTerm.app') return 'osc9';
	if (program === 'WezTerm' || program === 'ghostty' || term === 'xterm-ghostty') return 'osc777';
	if (term === 'foot' || term.startsWith('foot-') || term.startsWith('rxvt-unicode')) return 'osc777';
	return 'none';
}

/** No control characters, and no `;` (a field separator of OSC 777; OSC 9 digits then `;` mean progress to some terminals). */
const oscText = (text: string) => text.replace(/[\x00-\x1f\x7f-\x9f;]/g, ' ').slice(0, 200);

/** The bytes an alert writes: bell, title (OSC 2), and the notification the terminal takes. */
export function alertSequence(text: string, protocol: NotifyProtocol): string {
	const body = oscText(text);
	const title = `\x1b]2;socktop: ${body}${BEL}`;
	const notify =
		protocol === 'osc9'
			? `\x1b]9;socktop: ${body}${BEL}`
			: protocol === 'osc777'
				? `\x1b]777;notify;socktop;${body}${BEL}`
				: '';
	return `${BEL}${title}${notify}`;
}

/** Saves the title on the terminal's stack (xterm's XTWINOPS 22), so quitting can put it back (23). */
export const PUSH_TITLE = '\x1b[22;2t';
export const POP_TITLE = '\x1b[23;2t';
