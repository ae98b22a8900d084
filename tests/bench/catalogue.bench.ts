// `npm run bench -- catalogue`: the catalogue searched on the device, in Chromium, from its IndexedDB
// copy: the Milan-sized catalogue (751 offers), then a 10,000-offer stress set. Each keystroke or filter
// is timed from the event to the results on screen; the baseline does the same searches by reading the
// copy from IndexedDB on every keystroke (what a page without an in-memory index would do), in the same run.
// Needs the built app (`npm run build`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { openPglite } from '../../server/store/db';
import { migrate } from '../../server/store/migrate';
import { systemClock } from '../../server/clock';
import { DEMO_PASSWORD, seedDemo } from '../../server/seed/demo';
import { MILAN, mulberry32, seedOffers } from '../../server/seed/milan';
import { percentile } from './measure';

const PORT = 4391;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SERVER = join(process.cwd(), 'build/server/main.js');
const STRESS = 10_000;

// What a family does: types a word letter by letter, narrows by type, asks for places nearby.
const TYPED = [
  'a',
  'at',
  'att',
  'atti',
  'attiv',
  'attivi',
  'attivit',
  'attività',
  'attività s',
  'attività sp',
  'attività spo',
  'attività spor',
  'attività sport',
];
const WORDS = ['r', 'ro', 'rob', 'robo', 'robot', 'n', 'nu', 'nuo', 'nuot', 'nuoto', 'stem 1', 'milano', 'zzz', ''];

type Action = { kind: 'text'; value: string } | { kind: 'click'; selector: string } | { kind: 'select'; selector: string; value: string };
const ACTIONS: Action[] = [
  ...TYPED.map((value) => ({ kind: 'text' as const, value })),
  ...WORDS.map((value) => ({ kind: 'text' as const, value })),
  { kind: 'click', selector: 'fieldset .chip:nth-child(4) input' },
  { kind: 'click', selector: 'fieldset .chip:nth-child(1) input' },
  { kind: 'select', selector: '#origin', value: 'home' },
  { kind: 'select', selector: '#sort', value: 'distance' },
  { kind: 'select', selector: '#within', value: '5' },
  { kind: 'select', selector: '#age', value: '9' },
  { kind: 'text', value: 'sport' },
  { kind: 'click', selector: 'fieldset .chip:nth-child(4) input' },
  { kind: 'click', selector: 'fieldset .chip:nth-child(1) input' },
  { kind: 'select', selector: '#within', value: '' },
  { kind: 'select', selector: '#age', value: '' },
  { kind: 'select', selector: '#origin', value: 'none' },
  { kind: 'text', value: '' },
];
const ROUNDS = 5;

async function startServer(dataDir: string): Promise<ChildProcess> {
  const server = spawn(process.execPath, [SERVER, 'serve'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return server;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill();
  throw new Error('The server did not start');
}

async function stopServer(server: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT');
  await exited;
}

/** Opens the search on a fresh device, lets it download the catalogue, then opens it again from IndexedDB alone. */
async function measure(browser: Browser, offers: number) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'it-IT' });
  await context.request.post(`${ORIGIN}/api/auth/login`, {
    data: { email: 'guardian@demo.wishmi.test', password: DEMO_PASSWORD },
    headers: { origin: ORIGIN },
  });
  const page = await context.newPage();
  const count = page.getByText(`Attività trovate: ${offers}`);
  const t0 = Date.now();
  await page.goto(`${ORIGIN}/family/activities`);
  await count.waitFor({ timeout: 120_000 });
  const download = Date.now() - t0;

  // From here on, the device's copy only: no network at all (the installed app opens from its service worker).
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  const t1 = Date.now();
  await page.reload();
  await count.waitFor({ timeout: 60_000 });
  const reopen = Date.now() - t1;
  await page.locator('details summary').click();

  const ours: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const action of ACTIONS) {
      ours.push(
        await page.evaluate(async (a: Action) => {
          const start = performance.now();
          if (a.kind === 'text') {
            const input = document.querySelector<HTMLInputElement>('#q')!;
            input.value = a.value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          } else if (a.kind === 'click') {
            document.querySelector<HTMLInputElement>(a.selector)!.click();
          } else {
            const select = document.querySelector<HTMLSelectElement>(a.selector);
            if (!select) return 0;
            select.value = a.value;
            select.dispatchEvent(new Event('change', { bubbles: true }));
          }
          // The page updates in a microtask after the event; a macrotask later it is on screen.
          await new Promise((resolve) => setTimeout(resolve, 0));
          return performance.now() - start;
        }, action),
      );
    }
  }

  // The baseline: each keystroke reads the whole copy from IndexedDB and filters it.
  const baseline = await page.evaluate(
    async ({ typed, rounds }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('wishmi-catalogue');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const times: number[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const text of typed) {
          const start = performance.now();
          const all = await new Promise<{ title: Record<string, string> }[]>((resolve, reject) => {
            const request = db.transaction('offers').objectStore('offers').getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          const term = text
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase();
          all.filter((o) =>
            Object.values(o.title).some((t) =>
              t
                .normalize('NFD')
                .replace(/[\u0300-\u036f]/g, '')
                .toLowerCase()
                .includes(term),
            ),
          );
          times.push(performance.now() - start);
        }
      }
      db.close();
      return times;
    },
    { typed: [...TYPED, ...WORDS], rounds: ROUNDS },
  );
  await context.close();
  return { download, reopen, ours, baseline };
}

const dir = mkdtempSync(join(tmpdir(), 'wishmi-bench-catalogue-'));
let server: ChildProcess | null = null;
let browser: Browser | null = null;
try {
  if (!existsSync(SERVER)) throw new Error('Build the app first: npm run build');
  const random = mulberry32(2019);
  /** Brings the catalogue families see up to `total` offers, counting whatever the demo already published. */
  const fillTo = async (total: number) => {
    const db = await openPglite(join(dir, 'pglite'));
    try {
      await migrate(db);
      await seedDemo(db, systemClock.now());
      const [{ published }] = await db.query<{ published: number }>(
        `SELECT count(*)::int AS published FROM offers o JOIN providers p ON p.id = o.provider_id WHERE o.status = 'published' AND p.status = 'accredited'`,
      );
      // Only accredited organisations publish: an offer given to one still applying would never reach a family.
      const providers = await db.query<{ id: string; municipio: number }>(
        "SELECT id, municipio::int AS municipio FROM providers WHERE status = 'accredited' ORDER BY name",
      );
      await seedOffers(
        db,
        providers.map((p) => p.id),
        providers.map((p) => Number(p.municipio)),
        total - Number(published),
        random,
        systemClock.now(),
      );
    } finally {
      await db.close();
    }
  };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking'],
  });
  let last = '';
  for (const total of [MILAN.offers, STRESS]) {
    await fillTo(total);
    server = await startServer(dir);
    const r = await measure(browser, total);
    await stopServer(server);
    server = null;
    const p95 = percentile(r.ours, 0.95);
    const base = percentile(r.baseline, 0.95);
    console.log(
      `  ${total} offers: first download and index ${r.download} ms, reopened offline from IndexedDB in ${r.reopen} ms; ${r.ours.length} searches p50 ${percentile(r.ours, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; baseline (read IndexedDB per keystroke) p95 ${base.toFixed(1)} ms`,
    );
    last = `catalogue: p95 ${p95.toFixed(1)} ms local search over ${total} offers, ${(base / p95).toFixed(1)}× faster than reading IndexedDB per keystroke`;
  }
  console.log(last);
} finally {
  if (server) await stopServer(server);
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
}
