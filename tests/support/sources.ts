import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The source files under a folder whose names match `files` (TypeScript and Svelte by default): no tests, no generated messages. */
export function sources(dir: string, files: RegExp = /\.(ts|svelte)$/): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'paraglide' ? [] : sources(path, files);
    return files.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}
