import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const apiPort = Number(process.env.API_PORT ?? 3001);

// How the app's scripts are cut into files. Left to itself, the bundler makes a file of every set of
// pages that shares some module: the youth home needed 40 files, most under 1 KB, and on a phone's
// network each file costs a round trip before the page can start. Three groups instead:
/** Svelte's runtime and SvelteKit's client: every page runs them. */
const FRAMEWORK = /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|vite[\\/]preload-helper/;
/** The root layout's generated node: what it imports is what every page loads before it shows. */
const ROOT_LAYOUT = fileURLToPath(new URL('.svelte-kit/generated/client-optimized/nodes/0.js', import.meta.url));
/** The app's own code (components, state, the shared rules). */
const APP_CODE = /[\\/]web[\\/]src[\\/]lib[\\/]|[\\/]shared[\\/]/;
/** A building block small enough that a page may load it unused rather than wait for a file of its own. */
const SMALL_MODULE_BYTES = 4000;

type ModuleInfo = { code: string | null; importedIds: readonly string[] };
type ModuleGraph = { getModuleInfo(id: string): ModuleInfo | null };

/** The browser's build (the server's, which only writes the page shells, is left as it is). */
const inBrowser = (graph: ModuleGraph): boolean => graph.getModuleInfo(ROOT_LAYOUT) !== null;

const rootClosures = new WeakMap<ModuleGraph, Set<string>>();
/** Whether the root layout imports the module, directly or not. */
function everyPageLoads(id: string, graph: ModuleGraph): boolean {
  let closure = rootClosures.get(graph);
  if (!closure) {
    closure = new Set();
    const stack = [ROOT_LAYOUT];
    while (stack.length) {
      const next = stack.pop()!;
      if (closure.has(next)) continue;
      closure.add(next);
      stack.push(...(graph.getModuleInfo(next)?.importedIds ?? []));
    }
    rootClosures.set(graph, closure);
  }
  return closure.has(id);
}

/**
 * Whether a module of the app is a small building block (a card, a formatter, a live view) that
 * builds only on others like it or on what every page loads: grouping it never drags in a page's
 * large code along with it.
 */
function smallBlock(id: string, graph: ModuleGraph, seen = new Set<string>()): boolean {
  if (FRAMEWORK.test(id) || everyPageLoads(id, graph) || seen.has(id)) return true;
  const info = graph.getModuleInfo(id);
  if (!APP_CODE.test(id) || !info || (info.code?.length ?? Infinity) > SMALL_MODULE_BYTES) return false;
  seen.add(id);
  return info.importedIds.every((dependency) => smallBlock(dependency, graph, seen));
}

/**
 * V8 compiles a script's functions one by one on the main thread, each when first called, unless the
 * script asks to be compiled whole: then it is compiled on a background thread while it downloads
 * (explicit compile hints, Chromium 136 and later; other browsers read a comment). Most of the app's
 * code runs as a page starts or, signed in, just after (the device's database and sync engine): on a
 * first visit, compiling it function by function took 150-200 ms of the main thread here, in the
 * tasks that draw the first screens. What a page never calls is compiled too, off the main thread.
 * Not asked of the large libraries a page fetches only when the person opens them (the map, the
 * camera's code reader).
 */
const COMPILE_EAGERLY = '//# allFunctionsCalledOnLoad';
const ON_DEMAND = /node_modules[\\/](maplibre-gl|jsqr)[\\/]/;
const runsAtStart = (chunk: { moduleIds: readonly string[] }): boolean => !chunk.moduleIds.some((id) => ON_DEMAND.test(id));

/**
 * Writes the hint first in each such script of the browser's build (it counts only there), once the
 * bundler has written all else. (With source maps, every line would then be one lower than mapped.)
 */
const compileHints = (): Plugin => ({
  name: 'wishmi:compile-hints',
  apply: 'build',
  enforce: 'post',
  // The hint is part of the file: a file's name changes with it, as with anything else in it, so a
  // phone never keeps a copy without it under the same immutable name.
  augmentChunkHash(chunk) {
    return this.environment.name === 'client' && runsAtStart(chunk) ? COMPILE_EAGERLY : undefined;
  },
  generateBundle: {
    // After Vite's own additions to the start of a script (the list of what its dynamic imports preload).
    order: 'post',
    handler(_, bundle) {
      if (this.environment.name !== 'client') return;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && runsAtStart(file)) file.code = `${COMPILE_EAGERLY}\n${file.code}`;
      }
    },
  },
});

export default defineConfig({
  plugins: [sveltekit(), compileHints()],
  server: {
    // `npm run dev` runs the API on API_PORT and vite in front of it.
    proxy: { '/api': `http://localhost:${apiPort}` },
  },
  build: {
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: (id: string, graph: ModuleGraph) => (inBrowser(graph) && FRAMEWORK.test(id) ? 'framework' : null), priority: 3 },
            { name: (id: string, graph: ModuleGraph) => (inBrowser(graph) && everyPageLoads(id, graph) ? 'app' : null), priority: 2 },
            // Shared by two pages or more: one file, not one per set of pages that shares it.
            {
              name: (id: string, graph: ModuleGraph) => (inBrowser(graph) && smallBlock(id, graph) ? 'blocks' : null),
              minShareCount: 2,
              priority: 1,
            },
          ],
        },
      },
    },
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
