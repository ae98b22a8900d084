import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import type { CatalogueDelta, CatalogueOffer } from '../../shared/catalogue';

export const DEMO_PASSWORD = 'wishmi-demo-2026';

/** WCAG 2.2 AA, as axe checks it. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Collects Content-Security-Policy violations and page errors, so a test can prove there were none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  return problems;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#password-sign-in button[type="submit"]').click();
}

/** Picks a language the way a person does: choose it in the list, then press the button. */
export async function chooseLanguage(page: Page, locale: string): Promise<void> {
  await page.locator('#language-picker').selectOption(locale);
  await page.locator('#language-apply').click();
}

/** Waits until the service worker controls the page, so a reload with no network still opens the app. */
export async function installed(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** The password of the families the tests register. */
export const FAMILY_PASSWORD = 'una password lunga';

/**
 * Registers a family and signs its guardian in on this page's browser; answers the email. Each comes
 * from a home of its own, as families do (the server limits registrations per address).
 */
export async function registerFamily(page: Page, name: string, municipio = 4): Promise<string> {
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${Date.now()}@example.com`;
  const home = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const res = await page.request.post('/api/auth/register', {
    headers: { 'x-forwarded-for': home },
    data: { email, password: FAMILY_PASSWORD, name, language: 'it', municipio },
  });
  expect(res.status()).toBe(201);
  return email;
}

/** Adds a child with the household page's form, as a guardian does. */
export async function addChild(page: Page, name: string, born: string): Promise<void> {
  await page.locator('#minor-name').fill(name);
  await page.locator('#minor-birth').fill(born);
  await page
    .locator('form')
    .filter({ has: page.locator('#minor-name') })
    .getByRole('button')
    .click();
}

/**
 * A birth date `years` years before today, in YYYY-MM-DD (a day early, so the birthday has passed): a
 * child of that age whenever the tests run, as the server (on the real clock) reckons it.
 */
export function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/**
 * Every offer the catalogue publishes now, as a new device downloads it: what a search with no filter
 * finds. Tests count from it rather than from the demo's size (another test may publish an offer).
 */
export async function publishedOffers(request: APIRequestContext): Promise<CatalogueOffer[]> {
  const offers = new Map<string, CatalogueOffer>();
  for (let since = '0', more = true; more;) {
    const page = (await (await request.get(`/api/catalogue?since=${encodeURIComponent(since)}`)).json()) as CatalogueDelta;
    for (const offer of page.offers) offers.set(offer.id, offer);
    for (const id of page.removed) offers.delete(id);
    ({ cursor: since, more } = page);
  }
  return [...offers.values()];
}

/** Someone not signed in, on a phone, reading the language asked for (Italian unless told otherwise). */
export async function visitor(browser: Browser, locale = 'it') {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'it-IT' });
  const page = await context.newPage();
  await page.addInitScript((l) => localStorage.setItem('PARAGLIDE_LOCALE', l), locale);
  return { context, page };
}

/**
 * A family of its own with a 15-year-old who has her own sign-in, made through the API as the household
 * page would: each test's youth starts from the welcome credits, whatever other tests did.
 */
export async function newYouth(page: Page, name: string): Promise<string> {
  await registerFamily(page, `${name} Genitore`);
  const added = await page.request.post('/api/household/minors', { data: { name, birthDate: bornYearsAgo(15), disability: false } });
  expect(added.status()).toBe(201);
  const minor = (await added.json()).minor as { id: string };
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${Date.now()}@example.com`;
  expect(
    (await page.request.post(`/api/household/minors/${minor.id}/sign-in`, { data: { email, password: FAMILY_PASSWORD } })).status(),
  ).toBe(201);
  await page.request.post('/api/auth/logout', { data: {} });
  return email;
}

/** The demo's cards (server/seed/demo.ts), as the README lists them. */
export const DEMO_CARDS = {
  SARA: { number: '1111 2222 3337', pin: '2468' },
  YUSUF: { number: '2222 3333 4440', pin: '1357' },
  KARIMA: { number: '3333 4444 5551', pin: '8642' },
};

/** The kiosk screens the tests use: a portrait totem and a landscape tablet. */
export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1280, height: 800 };

/**
 * A device at Hub Corvetto enrolled as its kiosk: the operator makes a one-time code on the hub's
 * "Kiosks" page, and the device opens the code's address and enters it. Answers the kiosk's page.
 */
export async function enrolledKiosk(browser: Browser, viewport: { width: number; height: number }, options: { clock?: boolean } = {}) {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const operator = await desk.newPage();
  await signIn(operator, 'hub@demo.wishmi.test');
  await operator.getByRole('link', { name: 'Chioschi', exact: true }).click();
  await expect(operator.getByRole('heading', { level: 1 })).toHaveText('Chioschi');
  const name = `Totem ${viewport.width}×${viewport.height} ${Math.random().toString(36).slice(2, 6)}`;
  await operator.locator('#kiosk-name').fill(name);
  await operator.getByRole('button', { name: 'Crea il codice' }).click();
  const code = (await operator.locator('.big-code').textContent())!.trim();
  await expectAccessible(operator);
  await desk.close();

  const context = await browser.newContext({ viewport, locale: 'it-IT' });
  const page = await context.newPage();
  if (options.clock) await page.clock.install();
  await page.goto(`/kiosk?code=${encodeURIComponent(code)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rendi questo dispositivo il chiosco di un hub');
  await expect(page.locator('#enrol-code')).toHaveValue(code);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Registra il chiosco' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hub Corvetto');
  return { context, page, name };
}

/** Card and PIN at the kiosk, typed (the number) and on the screen's keypad (the PIN). */
export async function signInWithCard(page: Page, card: { number: string; pin: string }) {
  await page.getByRole('button', { name: 'Entra con la tessera' }).click();
  await page.locator('#card-number').fill(card.number);
  await page.getByRole('button', { name: 'Avanti' }).click();
  for (const digit of card.pin) await page.getByRole('group').getByRole('button', { name: digit, exact: true }).click();
  await page.locator('form button[type="submit"]').click();
}
