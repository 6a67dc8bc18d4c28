// scripts/chromium.d.mts — the types of scripts/chromium.mjs, for the TypeScript that imports it
// (playwright.config.ts); tsc checks the .mjs itself against its JSDoc (tsconfig.js-tests.json).
/** The browser's executable (CHROMIUM_PATH, else Debian's /usr/bin/chromium). */
export declare const CHROMIUM_PATH: string;
/** The command-line flags of every run (without --headless). */
export declare const CHROMIUM_FLAGS: readonly string[];
