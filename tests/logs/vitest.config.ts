import { defineConfig } from 'vitest/config';

// Runs after the e2e suite (scripts/test.mjs): it reads the logs that run left behind.
export default defineConfig({
  test: {
    include: ['tests/logs/**/*.test.ts'],
    environment: 'node',
  },
});
