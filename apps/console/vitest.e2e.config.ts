import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * The browser test: Chromium against the real API (in this process, as apps/api's tests run it)
 * on the real services. Same graphql alias as apps/api's tests: NestJS/Apollo load graphql's CJS
 * build through Node, so test code must get that copy too (two copies cannot share a schema).
 */
export default defineConfig({
  root: import.meta.dirname,
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
