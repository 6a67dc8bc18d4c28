// @ts-check
// scripts/chromium.mjs — the one place that says which browser every headless run uses and with
// which flags: the Playwright suite (playwright.config.ts), the browser bench (bench/browser.mjs,
// also for Lighthouse) and the Transformer lab's experiments (scripts/transformer-headless.mjs).
// Debian's Chromium (docs/toolchain.md), never a downloaded one; CHROMIUM_PATH overrides the path.
// The flags keep a run quiet and comparable: no sandbox (containers), no GPU, no background
// networking, component updates, sync, first-run UI or QUIC. Headless mode is Playwright's
// choice (its launch adds it); a direct launch (Lighthouse) adds --headless itself.
// Types: chromium.d.mts (playwright.config.ts is TypeScript without allowJs).

/** The browser's executable. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The command-line flags of every run (without --headless). */
export const CHROMIUM_FLAGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]);
