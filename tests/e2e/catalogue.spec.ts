import { expect, test, type APIRequestContext } from '@playwright/test';
import { bornYearsAgo, expectAccessible, installed, publishedOffers, signIn } from './support';

test('a guardian finds a sport activity near home in Arabic, for her son, and opens it', async ({ page }) => {
  // Arabic on this device only: the demo account's own language stays as other tests expect it.
  await page.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'ar'));
  await signIn(page, 'guardian@demo.wishmi.test');
  await page.waitForURL('**/family');
  const offers = await publishedOffers(page.request);
  await page.getByRole('link', { name: 'الأنشطة' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByText(`الأنشطة التي وُجدت: ${offers.length}`)).toBeVisible();

  await page.getByLabel('رياضة').check();
  await page.locator('#origin').selectOption('home');
  await page.locator('#within').selectOption('5');
  await page.locator('#sort').selectOption('distance');
  const titles = page.locator('.results h2');
  // Both meet at the same sports centre, about 2 km from the middle of Municipio 6.
  await expect(titles).toHaveCount(2);
  expect((await titles.allTextContents()).sort()).toEqual(['السباحة للأطفال', 'كرة السلة في الحديقة']);
  await expect(
    page
      .locator('.results')
      .getByText(/على بعد 2[.,]\d كم/)
      .first(),
  ).toBeVisible();

  // Omar is 9: basketball (11-17) is not for him.
  await page.locator('#age').selectOption({ label: 'Omar Haddad (9 سنة)' });
  await expect(titles).toHaveText(['السباحة للأطفال']);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'السباحة للأطفال' }).click();
  await expect(page.locator('article h1')).toHaveText('السباحة للأطفال');
  await expect(page.getByText('عشرة دروس في المسبح مع مدربين مؤهلين.')).toBeVisible();
  // Every session still to come, each with its free places.
  const swimming = offers.find((o) => o.title.it === 'Nuoto per ragazzi')!;
  await expect(page.locator('article table tr')).toHaveCount(swimming.sessions.length);
  await expect(page.locator('article table').getByText(`الأماكن الشاغرة: ${swimming.sessions[0].seatsLeft}`).first()).toBeVisible();
  await expectAccessible(page);

  // Back to the search: the family finds its filters as it left them.
  await page.getByRole('link', { name: 'العودة إلى البحث' }).click();
  await expect(page.getByLabel('رياضة')).toBeChecked();
  await expect(titles).toHaveText(['السباحة للأطفال']);
});

test('a youth searches the catalogue with no network, as she types', async ({ page, context }) => {
  await signIn(page, 'youth@demo.wishmi.test');
  await page.waitForURL('**/youth');
  const all = `Attività trovate: ${(await publishedOffers(page.request)).length}`;
  await page.getByRole('link', { name: 'Attività', exact: true }).click();
  await expect(page.getByText(all)).toBeVisible();
  // Only herself to look for: Sara, 15.
  await expect(page.locator('#age option')).toHaveText(['Qualsiasi età', 'Sara Haddad (15 anni)']);
  await installed(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText(/Sei offline: cerchi nella copia sul telefono/)).toBeVisible();
  await page.locator('#q').fill('ROBOT');
  await expect(page.getByText('Attività trovate: 1')).toBeVisible();
  await page.locator('#q').fill('citta studi nessuna');
  await expect(page.getByText('Nessuna attività con questi filtri.')).toBeVisible();
  await page.getByRole('button', { name: 'Togli tutti i filtri' }).click();
  await expect(page.getByText(all)).toBeVisible();
  await page.locator('#q').fill('robotica');
  await page.getByRole('link', { name: 'Robotica creativa' }).click();
  await expect(page.locator('article h1')).toHaveText('Robotica creativa');
  await expectAccessible(page);
  await context.setOffline(false);
});

test('a search stays with the person who made it, not with the next one on a shared phone', async ({ page }) => {
  await signIn(page, 'guardian@demo.wishmi.test');
  await page.waitForURL('**/family');
  await page.goto('/family/activities');
  await page.locator('#q').fill('nuoto');
  await expect(page.getByText('Attività trovate: 1')).toBeVisible();
  await page.getByRole('button', { name: 'Esci' }).click();
  await page.waitForURL((url) => url.pathname === '/');

  await signIn(page, 'youth@demo.wishmi.test');
  await page.waitForURL('**/youth');
  const all = (await publishedOffers(page.request)).length;
  await page.goto('/youth/activities');
  await expect(page.getByText(`Attività trovate: ${all}`)).toBeVisible();
  await expect(page.locator('#q')).toHaveValue('');
});

/** A family of its own, from a home of its own, with one child: books through the sync API as its phone would. */
async function familyWithChild(request: APIRequestContext, born: string) {
  const email = `famiglia.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
  const home = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const registered = await request.post('/api/auth/register', {
    headers: { 'x-forwarded-for': home },
    data: { email, password: 'una password lunga', name: 'Famiglia Rossi', language: 'it', municipio: 9 },
  });
  expect(registered.status()).toBe(201);
  const userId = (await registered.json()).me.id as string;
  const clientId = crypto.randomUUID();
  let seq = 0;
  const push = async (name: string, args: unknown) => {
    const res = await request.post('/api/sync/push', {
      data: {
        userId,
        clientId,
        mutations: [{ id: crypto.randomUUID(), clientId, seq: ++seq, name, args, clientTime: new Date().toISOString() }],
      },
    });
    return (await res.json()).results[0] as { status: string; code?: string };
  };
  const minorId = crypto.randomUUID();
  expect((await push('household.addMinor', { id: minorId, name: 'Luca Rossi', birthDate: born, disability: false })).status).toBe(
    'applied',
  );
  return { book: (sessionId: string) => push('booking.create', { id: crypto.randomUUID(), sessionId, minorId }) };
}

async function offerNamed(request: APIRequestContext, title: string) {
  return (await publishedOffers(request)).find((o) => o.title.it === title)!;
}

test('a guardian books an activity with the voucher, sees what it pays and what is left, and cancels it', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  await signIn(page, 'guardian2@demo.wishmi.test');
  await page.waitForURL('**/family');
  const robotics = await offerNamed(page.request, 'Robotica creativa');
  const voucherAvailable = async () =>
    ((await (await page.request.get('/api/wallet')).json()).accounts as { kind: string; available: number }[]).find(
      (a) => a.kind === 'household_voucher',
    )!.available;
  const before = await voucherAvailable();

  await page.goto(`/family/activities/offer?id=${robotics.id}`);
  await page
    .getByRole('button', { name: /^Prenota/ })
    .nth(2)
    .click();
  await expect(page.locator('#book-child option')).toHaveText(['Marco Bianchi (12 anni)']);
  const form = page.locator('form.book');
  await expect(
    form.getByText(Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(Math.min(110, before / 100))),
  ).toBeVisible();
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Conferma la prenotazione' }).click();

  await page.waitForURL('**/family/bookings');
  const card = page.locator('li.booking').filter({ hasText: 'Robotica creativa' }).filter({ hasText: 'Confermata' });
  await expect(card).toHaveCount(1, { timeout: 15_000 });
  await expect(card.getByText('Marco Bianchi')).toBeVisible();
  expect(await voucherAvailable()).toBe(before - Math.min(110_00, before));
  await expectAccessible(page);

  await card.getByRole('button', { name: /Annulla la prenotazione/ }).click();
  await expect(page.locator('li.booking').filter({ hasText: 'Robotica creativa' }).filter({ hasText: 'Annullata' }).first()).toBeVisible({
    timeout: 15_000,
  });
  expect(await voucherAvailable()).toBe(before);
});

test('a booking made offline for a session that fills up meanwhile is taken back, and the family is told why', async ({
  page,
  context,
  playwright,
}) => {
  await page.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  await signIn(page, 'guardian2@demo.wishmi.test');
  await page.waitForURL('**/family');
  const speech = await offerNamed(page.request, 'Visita logopedica');
  // The last session: nobody else's test books it.
  const slot = speech.sessions.at(-1)!.id;
  await page.goto(`/family/activities/offer?id=${speech.id}`);
  await expect(page.locator('article h1')).toHaveText('Visita logopedica');
  await installed(page);

  await context.setOffline(true);
  await page
    .getByRole('button', { name: /^Prenota/ })
    .last()
    .click();
  await page.locator('form.book').getByRole('button', { name: 'Conferma la prenotazione' }).click();
  await page.waitForURL('**/family/bookings');
  await expect(
    page.locator('li.booking').filter({ hasText: 'Visita logopedica' }).filter({ hasText: 'In attesa di conferma' }),
  ).toBeVisible();

  // Meanwhile two other families take the two places.
  for (const born of [bornYearsAgo(11), bornYearsAgo(10)]) {
    const other = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
    expect((await (await familyWithChild(other, born)).book(slot)).status).toBe('applied');
    await other.dispose();
  }

  await context.setOffline(false);
  await expect(page.getByText('Questo incontro è completo: scegli un’altra data.')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('li.booking').filter({ hasText: 'Visita logopedica' })).toHaveCount(0);
  await expectAccessible(page);
});
