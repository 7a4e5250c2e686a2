/**
 * The version of the `--json` event stream's format, as a reader over ssh checks it: the
 * stream starts with `{"event":"hello","protocol":N}` when SOCKTOP_PROTOCOL is set in its
 * environment. Bump it when an event changes meaning; the reader then uses the fallback.
 */
export const STREAM_PROTOCOL = 1;
