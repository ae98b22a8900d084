import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env';
import { contentSecurityPolicy, inlineHashes, serveWeb } from './web';

const shell = (name: string) => `<!doctype html><title>${name}</title><script>start(${JSON.stringify(name)})</script>`;

describe('serving the built app', () => {
  let webDir: string;
  let app: Hono<AppEnv>;

  beforeAll(() => {
    webDir = mkdtempSync(join(tmpdir(), 'wishmi-web-'));
    mkdirSync(join(webDir, 'family'));
    mkdirSync(join(webDir, '_app/immutable/entry'), { recursive: true });
    writeFileSync(join(webDir, '200.html'), shell('fallback'));
    writeFileSync(join(webDir, 'index.html'), shell('welcome'));
    writeFileSync(join(webDir, 'youth.html'), shell('youth'));
    writeFileSync(join(webDir, 'family.html'), shell('family'));
    writeFileSync(join(webDir, 'family/household.html'), shell('household'));
    writeFileSync(join(webDir, '_app/immutable/entry/app.js'), 'export const x = `<div style="display:none">`;');
    app = new Hono<AppEnv>();
    app.get('/api/*', (c) => c.json({ error: 'not here' }, 404));
    serveWeb(app, webDir);
  });
  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  const page = async (path: string) => {
    const res = await app.request(path);
    return { status: res.status, title: /<title>(.*)<\/title>/.exec(await res.text())?.[1], cache: res.headers.get('cache-control') };
  };

  it('opens a known page in its own shell, at any depth, with or without a trailing slash', async () => {
    expect(await page('/youth')).toEqual({ status: 200, title: 'youth', cache: 'no-cache' });
    expect(await page('/youth/')).toMatchObject({ title: 'youth' });
    expect(await page('/family')).toMatchObject({ title: 'family' });
    expect(await page('/family/household')).toMatchObject({ title: 'household' });
    expect(await page('/')).toMatchObject({ title: 'welcome' });
  });

  it('opens any other page in the fallback shell, and never serves a file from outside the build', async () => {
    expect(await page('/family/somewhere-new')).toEqual({ status: 200, title: 'fallback', cache: 'no-cache' });
    expect(await page('/..%2F..%2Fetc%2Fpasswd')).toMatchObject({ title: 'fallback' });
  });

  it('serves hashed build output as immutable, and leaves the API alone', async () => {
    const script = await app.request('/_app/immutable/entry/app.js');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/api/nothing')).status).toBe(404);
  });

  it('allows the start-up script of every shell, and nothing else inline', () => {
    const { scripts, styleAttributes } = inlineHashes(webDir);
    expect(scripts).toHaveLength(5);
    expect(new Set(scripts).size).toBe(5);
    expect(styleAttributes).toHaveLength(1);
  });
});

describe('the content security policy', () => {
  const inline = { scripts: ["'sha256-start'"], styleAttributes: ["'sha256-hidden'"] };
  const policy = async (mapStyleUrl: string | null) => {
    const app = new Hono();
    app.use(secureHeaders({ contentSecurityPolicy: contentSecurityPolicy(inline, mapStyleUrl) }));
    app.get('/', (c) => c.text('ok'));
    const header = (await app.request('/')).headers.get('content-security-policy') ?? '';
    return Object.fromEntries(
      header
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
  };

  it('allows only this server, the inline hashes, and workers from the app’s own files', async () => {
    const csp = await policy(null);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'", "'sha256-start'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-hashes'", "'sha256-hidden'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    // The map's worker is a file of the build: no `blob:` worker is needed.
    expect(csp['worker-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
  });

  it('lets the map reach its tile server, and only its origin', async () => {
    const csp = await policy('https://tiles.example.org/styles/city/style.json?key=abc');
    expect(csp['connect-src']).toEqual(["'self'", 'https://tiles.example.org']);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://tiles.example.org']);
    expect(csp['script-src']).toEqual(["'self'", "'sha256-start'"]);
    expect(csp['worker-src']).toEqual(["'self'"]);
  });

  it('adds nothing for a style served by the app itself or a URL it cannot read', async () => {
    const none = await policy(null);
    for (const url of ['/map/style.json', 'not a url', 'javascript:alert(1)', 'data:application/json,{}'])
      expect(await policy(url), url).toEqual(none);
  });
});
