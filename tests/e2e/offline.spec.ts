import { chromium, expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addChild, bornYearsAgo, expectAccessible, FAMILY_PASSWORD as PASSWORD, installed, registerFamily, signIn } from './support';

/** A family of its own for each test, so no other test's children or language get in the way. */
async function newFamily(page: Page, name: string): Promise<void> {
  await registerFamily(page, name);
  await page.goto('/family/household');
  await expect(page.locator('#members-title')).toBeVisible();
}

const waitingBadge = (page: Page) => page.getByText(/In attesa di invio|Waiting to be sent|بانتظار الإرسال/);

test('works with no network after a reload, and sends what was done offline exactly once', async ({ page, context }) => {
  await newFamily(page, 'Lucia Conti');
  await installed(page);
  await expect(page.locator('#members-title')).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Lucia Conti').first()).toBeVisible();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /offline/i })
      .first(),
  ).toBeVisible();

  const name = `Pietro Conti ${Date.now()}`;
  await addChild(page, name, bornYearsAgo(10));
  const row = page.getByRole('listitem').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.filter({ has: waitingBadge(page) })).toBeVisible();
  await expect(page.getByText(/Modifiche in attesa di invio: 1/)).toBeVisible();
  await expectAccessible(page);

  await context.setOffline(false);
  await expect(waitingBadge(page)).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByText(/Modifiche in attesa di invio/)).toHaveCount(0);
  const household = await (await page.request.get('/api/household')).json();
  expect(household.household.minors.filter((m: { name: string }) => m.name === name)).toHaveLength(1);
});

test('a change the server refuses is taken back, and the person is told why', async ({ page }) => {
  await newFamily(page, 'Giorgio Conti');
  // A grown-up is not a minor: the form accepts the date, the server (the authority) refuses it.
  const name = `Giulia Conti ${Date.now()}`;
  await addChild(page, name, '2001-01-01');
  const alert = page.getByRole('alert').filter({ hasText: /non è stata salvata/ });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('aggiunta di un figlio o una figlia');
  await expect(alert).toContainText('minori');
  await expect(page.getByRole('listitem').filter({ hasText: name })).toHaveCount(0);
  await expectAccessible(page);
  await alert.getByRole('button').click();
  await expect(alert).toHaveCount(0);
});

test('an app too old for the server asks to be updated, and keeps what waits until it is', async ({ page }) => {
  await newFamily(page, 'Elena Conti');
  // The server now speaks a newer sync protocol than this app: it answers every push and pull so.
  const tooOld = {
    status: 426,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'sync_client_too_old', message: 'Aggiorna' } }),
  };
  await page.route('**/api/sync/**', (route) => route.fulfill(tooOld));
  const name = `Marta Conti ${Date.now()}`;
  await addChild(page, name, '2016-04-02');
  const prompt = page.getByRole('alert').filter({ hasText: /Aggiorna l'app per sincronizzare/ });
  await expect(prompt).toBeVisible();
  await expect(page.getByText(/Modifiche in attesa di invio: 1/)).toBeVisible();
  await expect(
    page
      .getByRole('listitem')
      .filter({ hasText: name })
      .filter({ has: waitingBadge(page) }),
  ).toBeVisible();
  await expectAccessible(page);

  // Updated: the same change, kept on the device, is sent once.
  await page.unroute('**/api/sync/**');
  await prompt.getByRole('button').click();
  await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
  await expect(waitingBadge(page)).toHaveCount(0, { timeout: 15_000 });
  await expect(prompt).toHaveCount(0);
  const saved = async () =>
    ((await (await page.request.get('/api/household')).json()).household.minors as { name: string }[]).filter((m) => m.name === name)
      .length;
  await expect.poll(saved, { timeout: 15_000 }).toBe(1);
});

test('a push whose answer is lost is sent again, and applied once', async ({ page }) => {
  await newFamily(page, 'Bruno Conti');
  // The server applies the first push, but its answer never reaches the phone.
  let dropped = 0;
  await page.route('**/api/sync/push', async (route) => {
    if (dropped++ > 0) return route.continue();
    await route.fetch();
    await route.abort('connectionreset');
  });
  const name = `Elena Conti ${Date.now()}`;
  await addChild(page, name, bornYearsAgo(11));
  await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
  // The retry (on the back-off timer, or here at once) sends the same mutation: answered `duplicate`.
  await expect
    .poll(
      async () => {
        await page
          .getByRole('button', { name: 'Sincronizza ora' })
          .click({ timeout: 1000 })
          .catch(() => undefined);
        return page.getByText(/Modifiche in attesa di invio/).count();
      },
      { timeout: 20_000 },
    )
    .toBe(0);
  expect(dropped).toBeGreaterThanOrEqual(2);
  const household = await (await page.request.get('/api/household')).json();
  expect(household.household.minors.filter((m: { name: string }) => m.name === name)).toHaveLength(1);
});

test('two phones of the same family agree once both have synced', async ({ page, browser }) => {
  const email = await registerFamily(page, 'Anna Conti', 2);
  await page.goto('/family/household');
  await expect(page.locator('#members-title')).toBeVisible();

  const other = await browser.newContext({ locale: 'it-IT' });
  const second = await other.newPage();
  await signIn(second, email, PASSWORD);
  await second.waitForURL('**/family');
  await second.goto('/family/household');
  await expect(second.locator('#members-title')).toBeVisible();

  const [first, later] = [`Tommaso Conti ${Date.now()}`, `Irene Conti ${Date.now()}`];
  const add = async (p: Page, name: string, born: string) => {
    await addChild(p, name, born);
    await expect(p.getByText(/Modifiche in attesa di invio/)).toHaveCount(0, { timeout: 15_000 });
  };
  await add(page, first, bornYearsAgo(13));
  await add(second, later, bornYearsAgo(9));
  // Coming back to the app is a moment to sync.
  for (const p of [page, second]) {
    await p.goto('/family');
    await p.goto('/family/household');
    await expect(p.getByRole('listitem').filter({ hasText: first })).toBeVisible();
    await expect(p.getByRole('listitem').filter({ hasText: later })).toBeVisible();
  }
  await other.close();
});

test('a new version waits for the person to choose "Reload"', async ({ page }) => {
  await newFamily(page, 'Carla Conti');
  await installed(page);
  const file = 'build/web/service-worker.js';
  // The server sends the brotli or gzip copy made at build when there is one: those change too.
  const copies = [file, `${file}.br`, `${file}.gz`].filter((f) => existsSync(f));
  const originals = copies.map((f) => readFileSync(f));
  try {
    // A new build is served: its service worker differs from the one running.
    const next = Buffer.from(`${originals[0]}\n// next build ${Date.now()}\n`);
    writeFileSync(file, next);
    if (copies.includes(`${file}.br`)) writeFileSync(`${file}.br`, brotliCompressSync(next));
    if (copies.includes(`${file}.gz`)) writeFileSync(`${file}.gz`, gzipSync(next));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByRole('status').filter({ hasText: 'È disponibile una nuova versione' });
    await expect(prompt).toBeVisible({ timeout: 15_000 });
    // Nothing changed under the person's feet: the old version still runs until they choose.
    await expect(page.locator('#members-title')).toBeVisible();
    await expectAccessible(page);
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Ricarica' }).click()]);
    await expect(page.locator('#members-title')).toBeVisible();
    await expect(prompt).toHaveCount(0);
  } finally {
    copies.forEach((f, i) => writeFileSync(f, originals[i]));
  }
});

test("the app passes Chromium's installability checks", async ({ baseURL }, testInfo) => {
  // Chromium never offers to install from an incognito window, which every test context is: this one
  // runs in a profile of its own.
  const launch = testInfo.project.use.launchOptions ?? {};
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'wishmi-install-')), { ...launch, baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({
      name: expect.any(String),
      short_name: 'WISH MI',
      start_url: '/',
      display: 'standalone',
      theme_color: '#0a4f8f',
    });
    expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
    expect(manifest.shortcuts.length).toBeGreaterThan(0);
  } finally {
    await context.close();
  }
});

test("signing out takes the person's data off a shared phone once everything is sent", async ({ page }) => {
  await newFamily(page, 'Dario Conti');
  const databases = () =>
    page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('wishmi-')));
  await expect.poll(databases).toHaveLength(1);
  await page.getByRole('button', { name: 'Esci' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect.poll(databases).toEqual([]);
});

test('a change waiting in one tab is never sent as someone who signed in later in another', async ({ page, context }) => {
  const other = await registerFamily(page, 'Bea Rossi', 3);
  await registerFamily(page, 'Ada Neri', 3);
  await page.goto('/family/household');
  await expect(page.locator('#members-title')).toBeVisible();
  const second = await context.newPage();
  await second.goto('/family/household');
  await expect(second.locator('#members-title')).toBeVisible();

  // In the second tab Ada adds a child while the server cannot take it.
  await second.route('**/api/sync/push', (route) => route.fulfill({ status: 503, body: '{}' }));
  await addChild(second, 'Figlio di Ada', bornYearsAgo(10));
  await expect(second.getByText(/Modifiche in attesa di invio: 1/)).toBeVisible();

  // In the first tab Ada signs out (her change waits): the second tab leaves her session too.
  await page.getByRole('button', { name: 'Esci' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(second.getByRole('heading', { level: 1, name: 'Accedi' })).toBeVisible({ timeout: 15_000 });
  // Bea signs in in the first tab.
  await signIn(page, other, PASSWORD);
  await page.waitForURL('**/family');

  // The second tab, opened again, is Bea's; Ada's child stays in Ada's outbox on this device.
  await second.unroute('**/api/sync/push');
  await second.goto('/family/household');
  await expect(second.getByText('Hai effettuato l’accesso come Bea Rossi')).toBeVisible();
  await expect(second.getByText('Figlio di Ada')).toHaveCount(0);
  const household = await (await page.request.get('/api/household')).json();
  expect(household.household.minors).toEqual([]);
  expect(household.household.guardians[0].name).toBe('Bea Rossi');
});

test('triggers at once never send the same changes twice at the same time', async ({ page }) => {
  await newFamily(page, 'Ugo Conti');
  let inFlight = 0;
  let most = 0;
  const bodies: string[] = [];
  // A slow server: every push takes a while, so triggers pile up while one is on its way.
  await page.route('**/api/sync/push', async (route) => {
    inFlight++;
    most = Math.max(most, inFlight);
    bodies.push(route.request().postData() ?? '');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
    inFlight--;
  });
  await addChild(page, 'Zeno Conti', bornYearsAgo(8));
  // Coming online, focus and a page change all ask for a sync while the first push is on its way.
  await page.evaluate(() => {
    for (let i = 0; i < 5; i++) {
      dispatchEvent(new Event('online'));
      dispatchEvent(new Event('focus'));
    }
  });
  // Wait for the push itself: "nothing waiting" is also true before the change reaches the outbox.
  await expect.poll(() => bodies.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByText(/Modifiche in attesa di invio/)).toHaveCount(0, { timeout: 15_000 });
  expect(most).toBe(1);
  // Each mutation went out once (a later push carries nothing already confirmed).
  const ids = bodies.flatMap((b) => (JSON.parse(b) as { mutations: { id: string }[] }).mutations.map((m) => m.id));
  expect(new Set(ids).size).toBe(ids.length);
});
