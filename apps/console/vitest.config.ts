import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Component tests (jsdom). The browser test has its own config: vitest.e2e.config.ts. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  test: {
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
  },
});
