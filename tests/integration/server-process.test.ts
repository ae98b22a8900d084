import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_SERVER, freePort, runServer } from '../support/process';

const start = (dataDir: string, port: number) => runServer(['serve'], { DATA_DIR: dataDir, PORT: String(port) });

const json = { 'content-type': 'application/json' };

describe.skipIf(!existsSync(BUILT_SERVER))('the server as a process (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wishmi-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the database with demo data, keeps what was written across Ctrl-C, and refuses a second server on the same files', async () => {
    const port = await freePort();
    const first = await start(dataDir, port);
    const base = `http://127.0.0.1:${port}`;
    expect(first.output()).toContain(`WISH MI is running at http://127.0.0.1:${port}`);
    expect(first.output()).toContain('Added demo data to the new embedded database.');
    expect(first.output()).toContain('admin@demo.wishmi.test');

    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok', database: 'pglite', version: expect.any(String) });
    const page = await fetch(`${base}/family/household`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div class="app-root">');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);

    const registered = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'kept@example.com', password: 'survives a restart', name: 'Kept', language: 'es', municipio: 3 }),
    });
    expect(registered.status).toBe(201);

    const second = await start(dataDir, await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('Stopped cleanly.');

    const again = await start(dataDir, port);
    try {
      expect(again.output()).not.toContain('Added demo data');
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'kept@example.com', password: 'survives a restart' }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).me).toMatchObject({ name: 'Kept', language: 'es', household: { municipio: 3 } });
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  }, 90_000);
});
