// `npm run bench [-- name…]`: bundles each benchmark in tests/bench with the server's build settings
// and runs it with plain Node, so what it prints (its last line above all) is exactly what it measured.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { bundleForNode, root } from './bundle.mjs';

const all = readdirSync(`${root}tests/bench`)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2);
const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
if (names.length === 0) {
  console.error(`No benchmark named ${wanted.join(', ')}. There are: ${all.join(', ')}.`);
  process.exit(1);
}

for (const name of names) {
  await bundleForNode({ entry: `tests/bench/${name}.bench.ts`, outDir: 'build/bench', fileName: `${name}.js`, emptyOutDir: false });
  const run = spawnSync(process.execPath, [`${root}build/bench/${name}.js`], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
