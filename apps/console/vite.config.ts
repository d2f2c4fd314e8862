import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.EMOSWEEP_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)/ },
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|react-router|scheduler|urql|@urql|wonka|graphql|graphql-ws|@0no-co)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/graphql': { target: api, ws: true, changeOrigin: true }, '/healthz': api, '/readyz': api },
  },
});
