import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/.tmp/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Site builds are heavy: the build tests run one file at a time beside the unit tests.
    maxWorkers: 2,
  },
});
