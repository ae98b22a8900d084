// `npm run audit`: Lighthouse (the npm package, on the system Chromium) against the built app on a
// fresh embedded database with the demo data, compared with a bare SvelteKit page built by the same
// toolchain (tests/bench/bare: a heading and nothing else, drawn in the browser as the app's pages
// are). This machine's load moves one run's score by ten points or more, so the two pages are audited
// in pairs, back to back, the order alternating from pair to pair: a slow moment weighs on both, and
// the youth home's distance from the bare page (the framework's floor) is what the app's own code
// costs. AUDIT_RUNS pairs (5 by default); the youth home is audited signed in as the demo youth.
// AUDIT_WEB_DIR audits another build of the web app (a copy of build/web) with this server.
// AUDIT_VS=<dir> judges a change to the build: the youth home of that saved build (the "before")
// takes the bare page's place, so the pairs compare the two builds with each other. <dir> is a copy
// of build/web (served by this server), or the build/ of another checkout (its own server and web
// app: an older commit, whose sync protocol this server might refuse).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const root = fileURLToPath(new URL('..', import.meta.url));
const PORT = Number(process.env.AUDIT_PORT ?? 4188);
const OTHER_PORT = Number(process.env.AUDIT_OTHER_PORT ?? PORT + 1);
const RUNS = Number(process.env.AUDIT_RUNS ?? 5);
const webDir = resolve(root, process.env.AUDIT_WEB_DIR ?? 'build/web');
const vsDir = process.env.AUDIT_VS ? resolve(root, process.env.AUDIT_VS) : null;
const origin = `http://127.0.0.1:${PORT}`;
const otherOrigin = `http://127.0.0.1:${OTHER_PORT}`;
const cleanUp = [];

try {
  const app = await startApp(webDir, PORT);
  cleanUp.push(app.stop);
  let counterpart;
  if (vsDir) {
    const wholeBuild = existsSync(join(vsDir, 'server/main.js'));
    const before = wholeBuild
      ? await startApp(join(vsDir, 'web'), OTHER_PORT, join(vsDir, 'server/main.js'))
      : await startApp(vsDir, OTHER_PORT);
    cleanUp.push(before.stop);
    counterpart = { name: 'build before', url: `${otherOrigin}/youth`, headers: { Cookie: before.cookie }, runs: [] };
  } else {
    const bareDir = mkdtempSync(join(tmpdir(), 'wishmi-audit-bare-'));
    cleanUp.push(async () => rmSync(bareDir, { recursive: true, force: true }));
    await buildBarePage(bareDir);
    const bare = serveBarePage(join(bareDir, 'web'));
    await new Promise((resolve, reject) => bare.once('error', reject).listen(OTHER_PORT, '127.0.0.1', resolve));
    cleanUp.push(() => new Promise((resolve) => bare.close(resolve)));
    await fetch(`${otherOrigin}/`);
    counterpart = { name: 'bare page', url: `${otherOrigin}/`, headers: {}, runs: [] };
  }

  const youthHome = { name: 'youth home', url: `${origin}/youth`, headers: { Cookie: app.cookie }, runs: [] };
  for (let pair = 0; pair < RUNS; pair++) {
    const order = pair % 2 === 0 ? [youthHome, counterpart] : [counterpart, youthHome];
    for (const page of order) page.runs.push(await audit(page));
    const [youth, floor] = [youthHome.runs[pair], counterpart.runs[pair]];
    console.log(
      `  pair ${pair + 1} (${order[0].name} first): youth home ${describe(youth)}; ${counterpart.name} ${describe(floor)}; gap ${performanceOf(floor) - performanceOf(youth)}`,
    );
    // AUDIT_SAVE=<dir> keeps each run's full report, to read what blocked (bootup-time, long-tasks, …).
    if (process.env.AUDIT_SAVE) {
      writeFileSync(join(process.env.AUDIT_SAVE, `youth-run-${pair + 1}.json`), JSON.stringify(youth));
      writeFileSync(join(process.env.AUDIT_SAVE, `other-run-${pair + 1}.json`), JSON.stringify(floor));
    }
  }
  const lhr = median(youthHome.runs);
  const floor = median(counterpart.runs);
  const gaps = youthHome.runs.map((youth, pair) => performanceOf(counterpart.runs[pair]) - performanceOf(youth)).sort((a, b) => a - b);
  // Blocking time, pair by pair: the part of the score this machine's load moves most.
  const blocking = (run) => Math.round(run.audits['total-blocking-time'].numericValue);
  const blockingGaps = youthHome.runs.map((youth, pair) => blocking(youth) - blocking(counterpart.runs[pair])).sort((a, b) => a - b);

  // The JavaScript the youth home loads before it can be used, as gzip would send it.
  const scripts = lhr.audits['network-requests'].details.items.filter((r) => r.resourceType === 'Script' && r.url.startsWith(origin));
  const gzipBytes = scripts.reduce((sum, r) => sum + gzipSync(readFileSync(join(webDir, new URL(r.url).pathname))).length, 0);
  const score = (id) => Math.round((lhr.categories[id].score ?? 0) * 100);
  console.log(
    `Lighthouse ${lhr.lighthouseVersion} on ${lhr.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}, ${lhr.configSettings.formFactor}, ${origin}/youth signed in as the demo youth against ${counterpart.url}`,
  );
  console.log(`  the gap, pair by pair: ${gaps.join(', ')}; median ${gaps[Math.floor(RUNS / 2)]}`);
  console.log(
    `  blocking time over the ${counterpart.name}'s, pair by pair (ms): ${blockingGaps.join(', ')}; median ${blockingGaps[Math.floor(RUNS / 2)]}`,
  );
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']) {
    console.log(
      `  ${lhr.audits[id].title}: youth home ${lhr.audits[id].displayValue}, ${counterpart.name} ${floor.audits[id].displayValue}`,
    );
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
    `audit: youth home ${performanceOf(lhr)} vs ${counterpart.name} ${performanceOf(floor)}, median of ${RUNS} alternating runs, initial JS ${(gzipBytes / 1024).toFixed(1)} KB`,
  );
  console.log(
    `audit: youth home accessibility ${score('accessibility')}, best practices ${score('best-practices')}, initial JS in ${scripts.length} files`,
  );
} finally {
  for (const stop of cleanUp.reverse()) await stop();
}

/**
 * Starts the built server (`serverMain`, this checkout's by default) on `port` with the web app in `dir`, on a fresh embedded database with the
 * demo data, signs in as the demo youth and asks once what the youth home will ask: a running city
 * server is warm, and the audit measures the app, not the database's first queries (which share this
 * machine's two cores with Chromium).
 */
async function startApp(dir, port, serverMain = join(root, 'build/server/main.js')) {
  const at = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'wishmi-audit-'));
  const server = spawn(process.execPath, [serverMain, 'serve'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIR: dir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    server.kill('SIGINT');
    if (server.exitCode === null) await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitFor(`${at}/api/health`);
    const login = await fetch(`${at}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: at },
      body: JSON.stringify({ email: 'youth@demo.wishmi.test', password: 'wishmi-demo-2026' }),
    });
    if (!login.ok) throw new Error(`Could not sign in as the demo youth: ${login.status}`);
    const cookie = /wishmi_session=[^;]*/.exec(login.headers.get('set-cookie') ?? '')[0];
    const me = (await (await fetch(`${at}/api/auth/session`, { headers: { Cookie: cookie } })).json()).me;
    await fetch(`${at}/api/sync/pull?userId=${me.id}&clientId=${crypto.randomUUID()}`, { headers: { Cookie: cookie } });
    await fetch(`${at}/youth`);
    return { cookie, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One Lighthouse run of a page, in a fresh browser as the Lighthouse command line does: nothing cached, no service worker yet. */
async function audit(page) {
  for (let attempt = 0; ; attempt++) {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    let lhr;
    try {
      ({ lhr } = await lighthouse(page.url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        extraHeaders: page.headers,
      }));
    } finally {
      await chrome.kill();
    }
    if (!lhr.runtimeError) return lhr;
    // Lighthouse itself sometimes loses the trace (NO_NAVSTART): that run is tried again, a few times.
    if (attempt >= 3) throw new Error(`Lighthouse could not audit the ${page.name}: ${lhr.runtimeError.message}`);
  }
}

function performanceOf(lhr) {
  return Math.round(lhr.categories.performance.score * 100);
}

function describe(lhr) {
  return `${performanceOf(lhr)} (LCP ${lhr.audits['largest-contentful-paint'].displayValue}, TBT ${lhr.audits['total-blocking-time'].displayValue})`;
}

/** The run with the median performance score (Lighthouse's own advice on variability). */
function median(runs) {
  return [...runs].sort((a, b) => a.categories.performance.score - b.categories.performance.score)[Math.floor(runs.length / 2)];
}

/** Builds tests/bench/bare with this repository's Vite, SvelteKit and Svelte, into `out`/web. */
async function buildBarePage(out) {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const build = spawn(process.execPath, [vite, 'build', '--logLevel', 'error'], {
    cwd: join(root, 'tests/bench/bare'),
    env: { ...process.env, BARE_OUT_DIR: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise((resolve) => build.once('exit', resolve));
  // SvelteKit's own output stays beside the project only while it builds (its server code finds the
  // packages from there): left behind, the type-check would read it as part of tests/.
  rmSync(join(root, 'tests/bench/bare/.svelte-kit'), { recursive: true, force: true });
  if (code !== 0 || !existsSync(join(out, 'web/index.html'))) throw new Error(`The bare page did not build (exit ${code})`);
}

/** Serves the bare page's files brotli-compressed, as the app's server sends its own (scripts/compress-web.mjs). */
function serveBarePage(dir) {
  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  const compressed = new Map();
  return createServer((request, response) => {
    const path = join(dir, new URL(request.url, otherOrigin).pathname.replace(/\/$/, '/index.html'));
    if (!path.startsWith(dir) || !existsSync(path) || !statSync(path).isFile()) return response.writeHead(404).end();
    if (!compressed.has(path))
      compressed.set(path, brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    const headers = { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (/\bbr\b/.test(request.headers['accept-encoding'] ?? ''))
      response.writeHead(200, { ...headers, 'content-encoding': 'br' }).end(compressed.get(path));
    else response.writeHead(200, headers).end(readFileSync(path));
  });
}

/** Up to two minutes: on a busy machine the embedded database and its demo data take a while. */
async function waitFor(url) {
  for (let i = 0; i < 480; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch (error) {
      // Browsers and Node's fetch refuse some ports outright (4190 is ManageSieve's, for one).
      if (error.cause?.message === 'bad port')
        throw new Error(`${new URL(url).port} is a port browsers refuse to use: choose another AUDIT_PORT`);
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not start at ${url}`);
}
