// eslint.config.js — lint rules for the web app's TypeScript (web/src), the e2e suite, the configs,
// and the hand-written JavaScript: wasm/*.js (the API), the node:test suites (tests/wasm,
// tests/web, tests/package), bench/ and scripts/. ESLint's recommended rules + typescript-eslint's. It does not
// lint core/, dist/ or the Emscripten glue in wasm/build/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// tsconfig.js.json and tsconfig.js-tests.json check a JavaScript file only when it opts in with
// `// @ts-check` (checkJs must stay off, or tsc would check the Emscripten glue too), so a file
// without it would silently go unchecked: this rule requires it before the first statement.
const requireTsCheck = {
  meta: { type: 'problem', messages: { missing: 'start the file with `// @ts-check`: tsconfig.js.json type-checks only files that do' } },
  create(context) {
    return {
      Program(node) {
        const first = node.body[0]?.range[0] ?? Infinity;
        const ok = context.sourceCode.getAllComments().some((c) => c.type === 'Line' && c.value.trim() === '@ts-check' && c.range[1] <= first);
        if (!ok) context.report({ node, loc: { line: 1, column: 0 }, messageId: 'missing' });
      },
    };
  },
};

export default tseslint.config(
  // tests/package/app/ imports the installed package by name: the package test type-checks it in
  // its temporary project (tsc over usage.ts and the installed .d.ts), not here.
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'wasm/build/**',
      'core/**',
      'build/**',
      'test-results/**',
      'playwright-report/**',
      'tests/e2e/.*.mjs',
      'tests/package/app/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['web/**/*.{ts,js}', 'tests/e2e/**/*.{ts,mjs}', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.serviceworker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Emscripten JS libraries (--js-library, wasm/CMakeLists.txt): not modules but objects merged
    // into the glue at link time, where these names are defined. emcc parses them when it links
    // and the wasm suites run the result; tsc cannot type them (no declarations for the glue).
    files: ['wasm/lib/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        mergeInto: 'readonly',
        LibraryManager: 'readonly',
        HEAPU8: 'readonly',
        emval_symbols: 'readonly',
        emval_names: 'readonly',
        readLatin1String: 'readonly',
      },
    },
  },
  {
    // The API runs in browsers, Web Workers and Node; the suites, benchmarks and scripts in Node
    // (bench/browser.mjs and scripts/transformer-headless.mjs also inside a page).
    files: ['wasm/*.js', 'tests/wasm/**/*.mjs', 'tests/web/**/*.mjs', 'tests/package/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'tests/e2e/server.mjs'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { local: { rules: { 'require-ts-check': requireTsCheck } } },
    rules: {
      'local/require-ts-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
);
