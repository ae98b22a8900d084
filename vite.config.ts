import { sveltekit } from '@sveltejs/kit/vite';
import { chunkGroups } from './web/vite/chunk-groups';
import { compileHints } from './web/vite/compile-hints';
import { defineConfig } from 'vitest/config';

const apiPort = Number(process.env.API_PORT ?? 3001);

export default defineConfig({
  plugins: [sveltekit(), chunkGroups(), compileHints()],
  server: {
    // `npm run dev` runs the API on API_PORT and vite in front of it.
    proxy: { '/api': `http://localhost:${apiPort}` },
  },
  test: {
    include: [
      'shared/**/*.test.ts',
      'server/**/*.test.ts',
      'web/src/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/fault/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite instances are memory-hungry WASM; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
