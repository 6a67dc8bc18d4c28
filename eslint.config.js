// eslint.config.js — lint rules for the web app's TypeScript (web/src), the e2e suite and the
// configs: ESLint's recommended rules + typescript-eslint's. It does not lint core/, wasm/ or dist/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'wasm/**', 'core/**', 'build/**', 'test-results/**', 'playwright-report/**', 'tests/e2e/.*.mjs'] },
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
);
