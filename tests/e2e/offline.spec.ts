import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support';

/** A family of its own for each test, so no other test's children or language get in the way. */
async function newFamily(page: Page, name: string): Promise<void> {
  const email = `${name.toLowerCase().replaceAll(' ', '.')}.${Date.now()}@example.com`;
  const res = await page.request.post('/api/auth/register', { data: { email, password: 'una password lunga', name, language: 'it', municipio: 4 } });
  expect(res.status()).toBe(201);
  await page.goto('/family/household');
  await expect(page.locator('#members-title')).toBeVisible();
}

/** Waits until the service worker controls the page, so a reload with no network still opens the app. */
async function installed(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

const waitingBadge = (page: Page) => page.getByText(/In attesa di invio|Waiting to be sent|بانتظار الإرسال/);

test('works with no network after a reload, and sends what was done offline exactly once', async ({ page, context }) => {
  await newFamily(page, 'Lucia Conti');
  await installed(page);
  await expect(page.locator('#members-title')).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Lucia Conti').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /offline/i }).first()).toBeVisible();

  const name = `Pietro Conti ${Date.now()}`;
  await page.locator('#minor-name').fill(name);
  await page.locator('#minor-birth').fill('2016-04-02');
  await page.locator('form').filter({ has: page.locator('#minor-name') }).getByRole('button').click();
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
  await page.locator('#minor-name').fill(name);
  await page.locator('#minor-birth').fill('2001-01-01');
  await page.locator('form').filter({ has: page.locator('#minor-name') }).getByRole('button').click();
  const alert = page.getByRole('alert').filter({ hasText: /non è stata salvata/ });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('aggiunta di un figlio o una figlia');
  await expect(alert).toContainText('minori');
  await expect(page.getByRole('listitem').filter({ hasText: name })).toHaveCount(0);
  await expectAccessible(page);
  await alert.getByRole('button').click();
  await expect(alert).toHaveCount(0);
});
