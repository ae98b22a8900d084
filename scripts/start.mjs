// `npm start` and friends: build when the sources are newer than the build, then run the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtServer = join(root, 'build/server/main.js');
const builtWeb = join(root, 'build/web/index.html');
const SOURCES = ['web', 'server', 'shared/i18n/messages', 'package.json', 'svelte.config.js', 'vite.config.ts']
  .concat(readdirSync(join(root, 'shared')).filter((f) => f.endsWith('.ts')).map((f) => `shared/${f}`));

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function needsBuild() {
  if (!existsSync(builtServer) || !existsSync(builtWeb)) return true;
  const built = Math.min(statSync(builtServer).mtimeMs, statSync(builtWeb).mtimeMs);
  return SOURCES.some((source) => existsSync(join(root, source)) && newest(join(root, source)) > built);
}

if (needsBuild()) {
  console.log('Building the app (first start, or the sources changed)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

process.argv.splice(2, 0, ...(process.argv.length > 2 ? [] : ['serve']));
await import(builtServer);
