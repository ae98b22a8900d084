// Bundles a TypeScript entry of this repository into one ES module for plain Node, with the same
// aliases the web app uses. Dependencies stay in node_modules; SQL migrations and messages are bundled in.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundleForNode({ entry, outDir, fileName, emptyOutDir = true, sourcemap = false }) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    resolve: { alias: { $shared: `${root}shared` } },
    build: { ssr: entry, outDir, emptyOutDir, target: 'node20', sourcemap, rolldownOptions: { output: { entryFileNames: fileName } } },
  });
  // The embedded database's thread is started from a file beside the bundle (see server/store/db.ts).
  copyFileSync(`${root}server/store/pglite-worker.mjs`, `${root}${outDir}/pglite-worker.mjs`);
}
