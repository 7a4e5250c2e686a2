// Escape sequences for taking over the terminal and giving it back. Ink 6 has no
// alternate-screen option, so we switch ourselves and must restore on every exit path.
export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';
export const HIDE_CURSOR = '\x1b[?25l';
export const CLEAR_SCREEN = '\x1b[2J\x1b[H';
export const BELL = '\x07';
/**
 * Taking the screen: the alternate screen, cursor hidden, cleared and homed. The one sequence the
 * dashboard's mount, its return from Ctrl-Z and the plain first frame (plain-first-frame.ts) write.
 */
export const TAKE_SCREEN = ENTER_ALT_SCREEN + HIDE_CURSOR + CLEAR_SCREEN;
