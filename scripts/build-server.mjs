// Bundles server/main.ts into build/server/main.js for Node, with the same aliases the web app uses.
// Dependencies stay in node_modules; the SQL migrations and messages are bundled in.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  resolve: { alias: { $shared: `${root}shared` } },
  build: {
    ssr: 'server/main.ts',
    outDir: 'build/server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rolldownOptions: { output: { entryFileNames: 'main.js' } },
  },
});
