import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chooseLanguage, expectAccessible, FAMILY_PASSWORD, installed, newYouth, signIn } from './support';

/** The code Hub Corvetto's tablet shows now, as someone would read it off the screen. */
async function hubCode(hub: Page): Promise<string> {
  const shown = hub.locator('.short');
  await expect(shown).toHaveText(/[0-9A-Z]{4}-\d{3} ?\d{3}/);
  return (await shown.textContent())!.replace(/\s/g, '');
}

test('a youth checks in offline with a typed code, sees it at once, and once online gets the credits, the step and a badge that verifies', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(120_000);
  // The hub's tablet, at kiosk size: the operator opens the check-in screen.
  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
  const hub = await tablet.newPage();
  await signIn(hub, 'hub@demo.wishmi.test');
  await expect(hub).toHaveURL('/hub');
  await hub.goto('/hub/checkin');
  await expect(hub.getByRole('heading', { level: 2, name: 'Hub Corvetto' })).toBeVisible();
  await expectAccessible(hub);

  const email = await newYouth(page, 'Giada Ferri');
  await signIn(page, email, FAMILY_PASSWORD);
  await expect(page).toHaveURL('/youth');
  await expect(page.getByRole('heading', { name: 'Scopri il tuo hub' })).toBeVisible();
  const credits = page
    .locator('section')
    .filter({ has: page.locator('#credits-title') })
    .locator('.stat');
  await expect(credits).toHaveText('100 crediti');
  await installed(page);
  await expectAccessible(page);

  // In the metro: no signal. She types the code under the QR.
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Scansiona un codice check-in' }).click();
  await expect(page).toHaveURL('/youth/checkin');
  await page.locator('#checkin-code').fill(await hubCode(hub));
  await expect(page.locator('#checkin-code-ok')).toBeVisible();
  await page.getByRole('button', { name: 'Fai il check-in' }).click();
  await expect(page.getByText('Check-in a Hub Corvetto: in attesa di conferma')).toBeVisible();
  await expect(page.getByText("Sei offline: il check-in parte da solo appena torna la connessione. Puoi chiudere l'app.")).toBeVisible();
  await expectAccessible(page);

  // The board already shows the step done and the credits coming, marked as waiting.
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL('/youth');
  await expect(page.getByText('+5 crediti in attesa di conferma')).toBeVisible();
  const welcome = page.locator('li').filter({ has: page.getByRole('heading', { name: 'Scopri il tuo hub' }) });
  await expect(welcome.getByText('Tappe: 1 su 2')).toBeVisible();

  // Back above ground: the phone sends it, the server confirms, the first badge appears.
  await context.setOffline(false);
  await expect(page.getByText('+5 crediti in attesa di conferma')).toBeHidden({ timeout: 15_000 });
  await expect(credits).toHaveText('105 crediti');
  await expect(page.getByText('Primo passo').first()).toBeVisible();

  await page.goto('/youth/badges');
  const first = page
    .locator('li, article')
    .filter({ hasText: 'Primo passo' })
    .filter({ has: page.getByRole('button', { name: /Scarica/ }) })
    .first();
  const downloading = page.waitForEvent('download');
  await first.getByRole('button', { name: /Scarica/ }).click();
  const file = await (await downloading).path();
  const credential = readFileSync(file!, 'utf8');
  expect(JSON.parse(credential)).toMatchObject({
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    proof: { cryptosuite: 'eddsa-jcs-2022' },
  });
  await expectAccessible(page);

  // Anyone can check it: the verifier says it is authentic, and catches a change.
  await page.goto('/badges/verify');
  await page.locator('#badge-text').fill(credential);
  await page.getByRole('button', { name: 'Verifica' }).click();
  await expect(page.getByRole('heading', { name: 'Badge autentico' })).toBeVisible();
  await page.locator('#badge-text').fill(credential.replace(/"validFrom":"[^"]+"/, '"validFrom":"2020-01-01T00:00:00.000Z"'));
  await page.getByRole('button', { name: 'Verifica' }).click();
  await expect(page.getByRole('heading', { name: 'Badge non valido' })).toBeVisible();
  await expectAccessible(page);
  await tablet.close();
});

test('every game screen passes axe in Arabic, right to left', async ({ page }) => {
  test.setTimeout(90_000);
  const email = await newYouth(page, 'Amal Saidi');
  await signIn(page, email, FAMILY_PASSWORD);
  await expect(page).toHaveURL('/youth');
  await chooseLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  for (const path of [
    '/youth',
    '/youth/checkin',
    '/youth/badges',
    '/youth/board',
    '/youth/market',
    '/youth/market/offer',
    '/badges/verify',
  ]) {
    await page.goto(path);
    await expect(page.locator('main h1')).toBeVisible();
    // The home's board arrives in parts: all of it is checked.
    if (path === '/youth') await expect(page.locator('#family-title')).toBeVisible();
    await expectAccessible(page);
  }
  // A mission's own page, with its poll.
  await page.goto('/youth');
  await page
    .locator('main')
    .getByRole('link', { name: /اكتشف مركزك/ })
    .first()
    .click();
  await expect(page.getByRole('radio').first()).toBeVisible();
  await expectAccessible(page);
});

test('the staff and family sides of play pass axe in Arabic too: check-in codes, missions, the market queue, the family card', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
  const hub = await tablet.newPage();
  await signIn(hub, 'hub@demo.wishmi.test');
  await expect(hub).toHaveURL('/hub');
  // This device's language only: other tests use the same demo sign-in in Italian.
  await hub.evaluate(() => localStorage.setItem('PARAGLIDE_LOCALE', 'ar'));
  for (const path of ['/hub', '/hub/checkin', '/hub/missions', '/hub/opportunities']) {
    await hub.goto(path);
    await expect(hub.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(hub.locator('main h1')).toBeVisible();
    await expectAccessible(hub);
  }
  await tablet.close();

  const phone = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'it-IT' });
  const family = await phone.newPage();
  await signIn(family, 'guardian@demo.wishmi.test');
  await expect(family).toHaveURL('/family');
  await family.evaluate(() => localStorage.setItem('PARAGLIDE_LOCALE', 'ar'));
  await family.goto('/family');
  await expect(family.locator('html')).toHaveAttribute('dir', 'rtl');
  // Sara's play, calmly: level, badges, weeks — and her reminders switch.
  await expect(family.getByRole('switch')).toBeVisible();
  await expectAccessible(family);
  await phone.close();
});
