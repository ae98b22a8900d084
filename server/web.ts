import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import type { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env';

/** The shell of any page the build does not know by name (adapter-static's fallback). */
const FALLBACK = '200.html';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page shells of the built app: one per known page (`youth.html`) and the fallback, 200.html. */
function pageShells(webDir: string): string[] {
  return readdirSync(webDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html') && !file.startsWith('_app'))
    .map((file) => join(webDir, file));
}

/**
 * What the built app runs inline, as Content-Security-Policy hashes, so the policy allows exactly
 * these and nothing injected: the start-up scripts of the page shells, and the fixed style attributes
 * in the app's templates (SvelteKit's visually hidden route announcer).
 */
export function inlineHashes(webDir: string): { scripts: string[]; styleAttributes: string[] } {
  if (!webDir || !existsSync(join(webDir, FALLBACK))) return { scripts: [], styleAttributes: [] };
  const scripts = new Set<string>();
  for (const shell of pageShells(webDir)) {
    for (const [, body] of readFileSync(shell, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
      scripts.add(sha256(body));
  }
  const entries = join(webDir, '_app/immutable/entry');
  const styles = new Set<string>();
  for (const file of existsSync(entries) ? readdirSync(entries) : []) {
    if (!file.endsWith('.js')) continue;
    for (const [, style] of readFileSync(join(entries, file), 'utf8').matchAll(/style="([^"]*)"/g)) styles.add(style);
  }
  return { scripts: [...scripts], styleAttributes: [...styles].map(sha256) };
}

type PolicyDirectives = NonNullable<NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']>;

/** The origin of an absolute http(s) URL; nothing for a path on this server or anything unreadable. */
function httpOrigin(url: string | null): string | null {
  if (!url) return null;
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? origin : null;
  } catch {
    return null;
  }
}

/**
 * The Content-Security-Policy: this server for everything, plus the hashes of what the app runs
 * inline, plus the map's tile server when a style is configured (the style, its tiles, sprites and
 * glyphs are fetched and drawn from there; they must all live on the style's origin). The map's
 * worker is a file of the app, so workers stay limited to this server (no `blob:`).
 */
export function contentSecurityPolicy(
  inline: { scripts: string[]; styleAttributes: string[] },
  mapStyleUrl: string | null,
): PolicyDirectives {
  const mapOrigin = httpOrigin(mapStyleUrl);
  const map = mapOrigin ? [mapOrigin] : [];
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...inline.scripts],
    styleSrc: ["'self'", ...(inline.styleAttributes.length ? ["'unsafe-hashes'", ...inline.styleAttributes] : [])],
    imgSrc: ["'self'", 'data:', 'blob:', ...map],
    connectSrc: ["'self'", ...map],
    fontSrc: ["'self'"],
    manifestSrc: ["'self'"],
    workerSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

/**
 * Serves the built app: files as they are, a known page as its own shell (`/youth` → youth.html, which
 * names the page's scripts so they load at once), and every other page path as the fallback shell.
 */
export function serveWeb(app: Hono<AppEnv>, webDir: string): void {
  if (!webDir || !existsSync(join(webDir, FALLBACK))) return;
  // build/web holds a brotli and a gzip copy of each text file (scripts/compress-web.mjs).
  const files = (options: { path?: string; rewriteRequestPath?: (path: string) => string } = {}): MiddlewareHandler<AppEnv> => {
    const serve = serveStatic<AppEnv>({ root: webDir, precompressed: true, ...options });
    return async (c, next) => {
      const found = await serve(c, next);
      // Hashed build output never changes; everything else is revalidated so a new version shows at once.
      if (found instanceof Response)
        found.headers.set(
          'Cache-Control',
          c.req.path.startsWith('/_app/immutable/') && !options.path ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      return found;
    };
  };
  app.use('*', files());
  app.get('*', files({ rewriteRequestPath: (path) => `${path.replace(/\/+$/, '')}.html` }));
  app.get('*', files({ path: FALLBACK }));
}
