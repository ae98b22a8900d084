import type { Plugin } from 'vite';

// Kept on 2026-12-07: in two paired audits of the build without it against the build with it (5
// pairs each; docs/performance.md, "What the build keeps"), the youth home scored 4 and 6 points lower
// (median) and blocked the main thread 150 and 204 ms longer. Not asking it of the local database's
// library (Dexie, fetched after the first screen) was tried too: 4 points lower, 246 ms longer.

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
export const compileHints = (): Plugin => ({
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
