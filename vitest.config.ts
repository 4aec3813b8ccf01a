import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Names this run's PostgreSQL schemas and drops them at the end (see the file for why).
    globalSetup: ['test/support/pg-schemas.ts'],
    // Two files at a time on this 2-core machine (vitest's default is cores − 1, one here): most
    // files wait on PostgreSQL, Redis, a spawned CLI or Chromium, so a second file fills the gaps.
    // Each file has its own database or schema, port and channel, so they never share state.
    // VX_TEST_WORKERS=1 runs one file at a time (a machine already loaded by other work).
    maxWorkers: Number(process.env.VX_TEST_WORKERS ?? 2),
    minWorkers: 1,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
