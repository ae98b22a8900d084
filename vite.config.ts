import { sveltekit } from '@sveltejs/kit/vite';
import { chunkGroups } from './web/vite/chunk-groups.ts';
import { compileHints } from './web/vite/compile-hints.ts';
import { errorPagePreload } from './web/vite/error-page-preload.ts';
import { defineConfig } from 'vitest/config';

const apiPort = Number(process.env.API_PORT ?? 3001);

export default defineConfig({
  // What the build does beyond SvelteKit's defaults, each measured to pay (docs/performance.md).
  plugins: [sveltekit(), chunkGroups(), compileHints(), errorPagePreload({ kitDir: '.svelte-kit', webDir: 'build/web' })],
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
