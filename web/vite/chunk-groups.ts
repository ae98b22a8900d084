import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

// How the browser's scripts are cut into files.
//
// Left to itself, the bundler makes a file of every set of pages that shares some module: the youth
// home needed 40-44 files, most under 1 KB, and on a phone's network each file costs a round trip
// before the page can start (Lighthouse simulates six connections and a 150 ms round trip). Three
// groups instead, and the youth home loads 13 files. Kept on 2026-12-07: in the paired audit of the
// build without them against the build with them (docs/performance.md, "What the build keeps"), the
// youth home loaded 46 files, scored 8 points lower (median of 5 pairs) and painted its largest
// content at 3.2 s against 1.9 s.

/** Svelte's runtime and SvelteKit's client: every page runs them. */
const FRAMEWORK = /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]|vite[\\/]preload-helper/;
/** The root layout's generated node: what it imports is what every page loads before it shows. */
const ROOT_LAYOUT = fileURLToPath(new URL('../../.svelte-kit/generated/client-optimized/nodes/0.js', import.meta.url));
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

/** The framework, what the root layout imports, and the small blocks pages share: one file each. */
export const chunkGroups = (): Plugin => ({
  name: 'wishmi:chunk-groups',
  apply: 'build',
  config: () => ({
    build: {
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              {
                debugName: 'framework',
                name: (id: string, graph: ModuleGraph) => (inBrowser(graph) && FRAMEWORK.test(id) ? 'framework' : null),
                priority: 3,
              },
              {
                debugName: 'app',
                name: (id: string, graph: ModuleGraph) => (inBrowser(graph) && everyPageLoads(id, graph) ? 'app' : null),
                priority: 2,
              },
              // Shared by two pages or more: one file, not one per set of pages that shares it.
              {
                debugName: 'blocks',
                name: (id: string, graph: ModuleGraph) => (inBrowser(graph) && smallBlock(id, graph) ? 'blocks' : null),
                minShareCount: 2,
                priority: 1,
              },
            ],
          },
        },
      },
    },
  }),
});
