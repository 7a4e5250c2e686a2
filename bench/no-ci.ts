// Ink decides at import time whether it runs in CI (CI=true), and in CI it writes
// nothing until unmount. Bench modules that measure what a terminal receives
// import this before Ink so Ink behaves as it does for a user.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
