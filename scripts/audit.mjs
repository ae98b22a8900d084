// `npm run audit`: Lighthouse (the npm package, on the system Chromium) against the built app on a
// fresh embedded database with the demo data. Prints performance, accessibility and best-practice
// scores of the youth home, signed in as the demo youth (the median of AUDIT_RUNS runs, 5 by default),
// and its initial JavaScript (gzip).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const root = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.AUDIT_PORT ?? 4188);
const RUNS = Number(process.env.AUDIT_RUNS ?? 5);
const origin = `http://127.0.0.1:${PORT}`;
const dataDir = mkdtempSync(join(tmpdir(), 'wishmi-audit-'));

const server = spawn(process.execPath, [join(root, 'build/server/main.js'), 'serve'], {
  cwd: root,
  env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let chrome;
try {
  await waitFor(`${origin}/api/health`);
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: 'youth@demo.wishmi.test', password: 'wishmi-demo-2026' }),
  });
  if (!login.ok) throw new Error(`Could not sign in as the demo youth: ${login.status}`);
  const cookie = /wishmi_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')[0];

  // A running city server is warm: ask once what the page will ask, so the audit measures the app and
  // not the embedded database's first queries (which share this machine's two cores with Chromium).
  const me = (await (await fetch(`${origin}/api/auth/session`, { headers: { Cookie: cookie } })).json()).me;
  await fetch(`${origin}/api/sync/pull?userId=${me.id}&clientId=${crypto.randomUUID()}`, { headers: { Cookie: cookie } });
  await fetch(`${origin}/youth`);

  // Scores of one run swing with the machine's load; Lighthouse's own advice is the median of several runs.
  const runs = [];
  for (let i = 0, attempts = 0; i < RUNS; attempts++) {
    // A fresh browser each run, as the Lighthouse command line does: nothing cached, no service worker yet.
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const { lhr } = await lighthouse(`${origin}/youth`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      extraHeaders: { Cookie: cookie },
    });
    await chrome.kill();
    chrome = undefined;
    if (lhr.runtimeError) {
      // Lighthouse itself sometimes loses the trace (NO_NAVSTART): that run is tried again, a few times.
      if (attempts < RUNS + 3) continue;
      throw new Error(`Lighthouse could not audit the page: ${lhr.runtimeError.message}`);
    }
    i++;
    console.log(
      `  run ${i}: performance ${Math.round(lhr.categories.performance.score * 100)} (LCP ${lhr.audits['largest-contentful-paint'].displayValue}, TBT ${lhr.audits['total-blocking-time'].displayValue})`,
    );
    runs.push(lhr);
    // AUDIT_SAVE=<dir> keeps each run's full report, to read what blocked (bootup-time, long-tasks, …).
    if (process.env.AUDIT_SAVE) writeFileSync(join(process.env.AUDIT_SAVE, `youth-run-${i}.json`), JSON.stringify(lhr));
  }
  const lhr = runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score)[Math.floor(RUNS / 2)];

  // The JavaScript the youth home loads before it can be used, as gzip would send it.
  const scripts = lhr.audits['network-requests'].details.items.filter((r) => r.resourceType === 'Script' && r.url.startsWith(origin));
  const gzipBytes = scripts.reduce((sum, r) => sum + gzipSync(readFileSync(join(root, 'build/web', new URL(r.url).pathname))).length, 0);
  const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
  console.log(
    `Median of ${RUNS} runs: Lighthouse ${lhr.lighthouseVersion} on ${lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}, ${lhr.configSettings.formFactor}, ${origin}/youth signed in as the demo youth`,
  );
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']) {
    console.log(`  ${lhr.audits[id].title}: ${lhr.audits[id].displayValue}`);
  }
  if (process.env.AUDIT_DETAILS) {
    for (const id of ['layout-shifts', 'bootup-time', 'render-blocking-resources', 'uses-text-compression', 'mainthread-work-breakdown']) {
      const items = lhr.audits[id]?.details?.items ?? [];
      console.log(
        `  ${id}: ${lhr.audits[id]?.displayValue ?? ''}`,
        JSON.stringify(
          items.slice(0, 6).map((i) => ({
            sel: i.node?.selector,
            rect: i.node?.boundingRect?.top,
            score: i.score,
            sub: i.subItems?.items?.map((s) => s.cause ?? s.extra ?? s),
          })),
        ),
      );
    }
    for (const id of ['bootup-time', 'long-tasks']) {
      for (const i of (lhr.audits[id]?.details?.items ?? []).slice(0, 10))
        console.log(
          `  ${id}: ${String(i.url).replace(origin, '')} total ${Math.round(i.total ?? 0)} scripting ${Math.round(i.scripting ?? 0)} parse ${Math.round(i.scriptParseCompile ?? 0)} start ${Math.round(i.startTime ?? 0)} duration ${Math.round(i.duration ?? 0)}`,
        );
    }
    for (const i of lhr.audits['mainthread-work-breakdown']?.details?.items ?? [])
      console.log(`  main thread ${i.groupLabel ?? i.group}: ${Math.round(i.duration)} ms`);
    console.log(
      `  LCP element: ${JSON.stringify(lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? '')}`,
    );
    for (const i of lhr.audits['largest-contentful-paint-element']?.details?.items?.[1]?.items ?? [])
      console.log(`  LCP phase ${i.phase}: ${Math.round(i.timing)} ms`);
    for (const r of scripts.sort((a, b) => b.resourceSize - a.resourceSize).slice(0, 8))
      console.log(`  ${r.url.replace(origin, '')} ${(r.resourceSize / 1024).toFixed(0)} KB`);
  }
  const failing = Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary');
  if (failing.length) console.log(`  Not passing: ${failing.map((a) => a.id).join(', ')}`);
  console.log(
    `audit: performance ${score('performance')}, accessibility ${score('accessibility')}, best practices ${score('best-practices')}, initial JS ${(gzipBytes / 1024).toFixed(1)} KB gzip in ${scripts.length} files`,
  );
} finally {
  await chrome?.kill();
  server.kill('SIGINT');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}

async function waitFor(url) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not start at ${url}`);
}
