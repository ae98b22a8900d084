// Bundles server/main.ts into build/server/main.js for Node.
import { bundleForNode } from './bundle.mjs';

await bundleForNode({ entry: 'server/main.ts', outDir: 'build/server', fileName: 'main.js', sourcemap: true });
