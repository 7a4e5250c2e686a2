/**
 * How long a read may take while there is no data yet (the dashboard's or stream's first
 * poll, `--once`): on a busy host with 40,000 sockets a cold read took several seconds,
 * and a 2 s bound made every `--once` fail. Its own module so that `--once` can use it
 * without loading the store.
 */
export const FIRST_POLL_TIMEOUT_MS = 30_000;
