import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env';
import { inlineHashes, serveWeb } from './web';

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
