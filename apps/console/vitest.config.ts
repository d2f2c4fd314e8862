import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  test: {
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
    include: ['test/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
    // the browser test needs the whole process; component tests are cheap
    fileParallelism: false,
  },
});
