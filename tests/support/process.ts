import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const BUILT_SERVER = join(ROOT, 'build/server/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/**
 * Runs the built server (`serve`, or another command) as `npm start` does, and for `serve` waits until
 * it says it is running, or exits.
 */
export async function runServer(args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [BUILT_SERVER, ...args], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (args[0] === 'serve') {
    await Promise.race([
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (output.includes('Press Ctrl-C to stop.')) {
            clearInterval(check);
            resolve();
          }
        }, 25);
        void exited.then(() => clearInterval(check));
      }),
      exited,
    ]);
  }
  return { child, output: () => output, exited };
}
