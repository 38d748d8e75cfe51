// ESLint (flat config) with typescript-eslint. The booking plugin's server is linted type-aware (floating promises
// and misused promises are real bugs in a service that writes money); the rest uses the syntactic rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const PLUGIN_SERVER = 'src/plugins/booking/server/src/**/*.ts';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'build/**',
      '.strapi/**',
      '.tmp/**',
      '.cache/**',
      'public/**',
      'types/generated/**',
      'coverage/**',
      'bench/results/**',
      'tests/.artifacts/**',
      'apps/*/dist/**',
      'packages/*/dist/**',
      'src/admin/**/*.example.*',
    ],
  },
  { files: ['**/*.{js,cjs,mjs}'], ...js.configs.recommended, languageOptions: { globals: { ...globals.node }, sourceType: 'commonjs' } },
  { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Rows from Strapi's query engine are untyped records; `any` is tolerated inside services, never at their edges
      // (controllers, routes, middlewares: see the override below).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: [
      'src/plugins/booking/server/src/{controllers,routes,middlewares,policies}/**/*.ts',
      'src/plugins/booking/server/src/utils/plugin.ts',
      'src/plugins/booking/server/src/services/index.ts',
      'src/plugins/booking/server/src/services/*/index.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: [PLUGIN_SERVER],
    languageOptions: { parserOptions: { project: ['./src/plugins/booking/tsconfig.server.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // The H5 apps run in the browser (apps/h5; its build is ignored above).
  { files: ['apps/*/src/**/*.{ts,tsx}', 'apps/*/public/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['tests/**/*.{ts,js}', 'bench/**/*.{ts,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
