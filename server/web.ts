import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { AppEnv } from './env';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * What the built app runs inline, as Content-Security-Policy hashes, so the policy allows exactly
 * these and nothing injected: the start-up script in index.html, and the fixed style attributes in
 * the app's templates (SvelteKit's visually hidden route announcer).
 */
export function inlineHashes(webDir: string): { scripts: string[]; styleAttributes: string[] } {
  const index = join(webDir, 'index.html');
  if (!webDir || !existsSync(index)) return { scripts: [], styleAttributes: [] };
  const html = readFileSync(index, 'utf8');
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(([, body]) => sha256(body));
  const entries = join(webDir, '_app/immutable/entry');
  const styles = new Set<string>();
  for (const file of existsSync(entries) ? readdirSync(entries) : []) {
    if (!file.endsWith('.js')) continue;
    for (const [, style] of readFileSync(join(entries, file), 'utf8').matchAll(/style="([^"]*)"/g)) styles.add(style);
  }
  return { scripts, styleAttributes: [...styles].map(sha256) };
}

/** Serves the built single-page app: files as they are, every other page path as index.html. */
export function serveWeb(app: Hono<AppEnv>, webDir: string): void {
  if (!webDir || !existsSync(join(webDir, 'index.html'))) return;
  app.use(
    '*',
    serveStatic({
      root: webDir,
      // build/web holds a brotli and a gzip copy of each text file (scripts/compress-web.mjs).
      precompressed: true,
      onFound: (path, c) => {
        // Hashed build output never changes; everything else is revalidated so a new version shows at once.
        c.header('Cache-Control', path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.get('*', serveStatic({ root: webDir, path: 'index.html', precompressed: true, onFound: (_path, c) => void c.header('Cache-Control', 'no-cache') }));
}
