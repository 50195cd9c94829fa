import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    // Setup hooks create a database, migrate it and load fixtures while other files run: on a
    // machine running at a third of its usual speed one took over a minute.
    hookTimeout: 120_000,
  },
});
