/** Two projects: fast pure unit tests, and integration tests that boot Strapi on a fresh database per file. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.json', diagnostics: false }];

module.exports = {
  // Type errors are caught by `npm run typecheck`; jest only transpiles.
  // Generous: CI has two cores, and a file boots a whole Strapi per database.
  testTimeout: 120000,
  // An integration file boots a whole Strapi, and a jest worker keeps part of every boot's heap (about 150 MB a
  // file): after two dozen files the worker spends its time collecting garbage and at last aborts. A worker above
  // this limit when a file ends is replaced by a fresh one. (Jest reads it from the root, not from a project.)
  workerIdleMemoryLimit: '1200MB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/unit'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/integration'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/tests/helpers/global-setup.js',
    },
    {
      // Real Chromium against the built admin panel (scripts/test.sh builds it first).
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/e2e'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/tests/helpers/global-setup.js',
    },
  ],
};
