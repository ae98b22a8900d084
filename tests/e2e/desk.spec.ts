import { expect, test, type Browser } from '@playwright/test';
import { addChild, bornYearsAgo, expectAccessible, registerFamily, signIn } from './support';

/** A family of our own (so no other test's household changes), whose guardian reads Arabic and holds a card with PIN 2580. */
async function familyWithCard(browser: Browser): Promise<{ email: string; number: string }> {
  const home = await browser.newContext({ locale: 'ar' });
  const guardian = await home.newPage();
  const email = await registerFamily(guardian, 'Samira Desk');
  expect((await guardian.request.patch('/api/me', { data: { language: 'ar' } })).status()).toBe(200);
  const hubs = (await (await guardian.request.get('/api/hubs')).json()).hubs as { id: string; name: string }[];
  const issued = await guardian.request.post('/api/household/cards', {
    data: { person: 'me', hubId: hubs.find((h) => h.name === 'Hub Corvetto')!.id, pin: '2580' },
  });
  expect(issued.status()).toBe(201);
  const { number } = (await issued.json()).card as { number: string };
  await home.close();
  return { email, number };
}

test('at the desk, an operator helps a family with its card and PIN, in both their languages, and the family sees what was done', async ({
  browser,
}) => {
  test.slow();
  const family = await familyWithCard(browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const page = await context.newPage();
  await signIn(page, 'hub@demo.wishmi.test');
  await page.getByRole('link', { name: 'Sportello', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sportello dell’hub');
  await expectAccessible(page);

  // A wrong PIN first: refused, nothing opens.
  await page.locator('#assist-card').fill(family.number);
  await page.locator('#assist-pin').fill('0000');
  await page.getByRole('button', { name: 'Inizia ad aiutare' }).click();
  await expect(page.getByRole('alert')).toHaveText('Numero della tessera o PIN non corretti.');
  await page.locator('#assist-pin').fill('2580');
  await page.getByRole('button', { name: 'Inizia ad aiutare' }).click();

  // The family's pages, in the operator's Italian with the family's Arabic beside.
  await expect(page).toHaveURL('/family');
  await expect(page.getByText('Davide Colombo (Hub Corvetto) sta aiutando la famiglia di Samira Desk.')).toBeVisible();
  await expect(page.getByText('Davide Colombo (Hub Corvetto) يساعد أسرة Samira Desk.')).toBeVisible();
  await expect(page.getByRole('link', { name: /Famiglia.*الأسرة/ })).toBeVisible();
  // The help ends from its banner only: no sign-out that would leave the operator without their session.
  await expect(page.getByRole('button', { name: 'Esci' })).toHaveCount(0);
  await expectAccessible(page);

  // A child added at the desk is recorded as the operator's, and the family's history says so.
  await page.getByRole('link', { name: /Famiglia.*الأسرة/ }).click();
  await addChild(page, 'Adam Desk', bornYearsAgo(12));
  await expect(page.getByText('Adam Desk').first()).toBeVisible();
  await expect
    .poll(async () => (await page.request.get('/api/assist/history')).json().then((b) => b.actions.length), { timeout: 15_000 })
    .toBe(1);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Aiuti ricevuti all’hub' })).toBeVisible();
  await expect(page.locator('section', { has: page.getByRole('heading', { name: 'Aiuti ricevuti all’hub' }) })).toContainText(
    'Davide Colombo',
  );
  await expectAccessible(page);

  // The family leaves the desk: the operator is back on their own page.
  await page.getByRole('button', { name: 'Fine dell’aiuto' }).click();
  await expect(page).toHaveURL('/hub/desk');
  await expect(page.getByText('Davide Colombo', { exact: false }).first()).toBeVisible();
  await expect(page.getByText('sta aiutando la famiglia')).toHaveCount(0);
  await context.close();
});

test('at the desk, an operator issues a card once they checked who the person is, and prints it', async ({ browser }) => {
  test.slow();
  const family = await familyWithCard(browser);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const page = await context.newPage();
  await signIn(page, 'hub@demo.wishmi.test');
  await page.getByRole('link', { name: 'Sportello', exact: true }).click();
  await page.locator('#desk-email').fill(family.email);
  await page.getByRole('button', { name: 'Cerca la famiglia' }).click();
  await expect(page.getByRole('heading', { name: 'Famiglia di Samira Desk' })).toBeVisible();
  await page.getByRole('radio', { name: /Samira Desk/ }).check();
  await page.locator('#desk-pin').fill('1470');
  await page.locator('#desk-pin-again').fill('1470');
  await page.getByRole('button', { name: 'Fai la tessera' }).click();
  await expect(page.getByText('Conferma di aver controllato un documento d’identità.')).toBeVisible();
  await page.getByRole('checkbox', { name: /Ho controllato un documento/ }).check();
  await page.getByRole('button', { name: 'Fai la tessera' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('La tessera di Samira Desk è pronta');
  await expect(page.getByRole('img', { name: 'QR della tessera WISH MI' })).toBeVisible();
  await expectAccessible(page);
  // The card replaced the one the family had: the new one signs in, the old one no longer does.
  const number = (await page.locator('.sheet .number').textContent())!;
  expect((await page.request.post('/api/auth/card', { data: { card: family.number, pin: '2580' } })).status()).toBe(403);
  await context.close();
  const phone = await browser.newContext();
  expect((await phone.request.post('/api/auth/card', { data: { card: number, pin: '1470' } })).status()).toBe(200);
  await phone.close();
});

test('a family issues a card on its cards page, with the PIN typed twice, and the page passes axe', async ({ page }) => {
  test.slow();
  await registerFamily(page, 'Famiglia Tessere');
  await page.goto('/family/cards');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tessere WISH MI');
  await expect(page.getByText('Ancora nessuna tessera')).toBeVisible();
  await expectAccessible(page);
  await page.locator('#card-pin').fill('1357');
  await page.locator('#card-pin-again').fill('1358');
  await page.getByRole('button', { name: 'Fai la tessera' }).click();
  await expect(page.locator('#card-pin-again-error')).toHaveText('I due PIN non sono uguali.');
  await page.locator('#card-pin-again').fill('1357');
  await page.getByRole('button', { name: 'Fai la tessera' }).click();
  await expect(page.getByRole('heading', { name: 'La tessera di Famiglia Tessere è pronta' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR della tessera WISH MI' })).toBeVisible();
  await expectAccessible(page);
});
