import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds without an exports map: Node (and so
    // NestJS/Apollo, loaded by Node) picks the CJS one, Vite the ESM one. Two copies of graphql
    // cannot share a schema, so test code gets the same (CJS) entry as everything else.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
