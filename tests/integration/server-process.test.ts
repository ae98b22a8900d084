import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const built = join(root, 'build/server/main.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Starts the built server as `npm start` does, and waits until it says it is running (or exits). */
async function start(dataDir: string, port: number): Promise<Running> {
  const child = spawn(process.execPath, [built, 'serve'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await Promise.race([
    new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (output.includes('Press Ctrl-C to stop.')) {
          clearInterval(check);
          resolve();
        }
      }, 50);
      void exited.then(() => clearInterval(check));
    }),
    exited,
  ]);
  return { child, output: () => output, exited };
}

const json = { 'content-type': 'application/json' };

describe.skipIf(!existsSync(built))('the server as a process (npm start)', () => {
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
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'kept@example.com', password: 'survives a restart' }) });
      expect(login.status).toBe(200);
      expect((await login.json()).me).toMatchObject({ name: 'Kept', language: 'es', household: { municipio: 3 } });
    } finally {
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    }
  }, 90_000);
});
