// Writes a brotli and a gzip copy next to every text file of the built web app, so the server sends
// each phone a third of the bytes without compressing on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { root } from './bundle.mjs';

const TEXT = /\.(js|css|html|json|webmanifest|svg|txt)$/;
let files = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (TEXT.test(name)) {
      const data = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      files++;
    }
  }
}
walk(join(root, 'build/web'));
console.log(`Compressed ${files} files of build/web (brotli and gzip).`);
