// Ink decides at import time whether it runs in CI (CI=true), and in CI it writes
// nothing until unmount. Tests that check what a real terminal receives import
// this module first so Ink behaves as it does for a user.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
