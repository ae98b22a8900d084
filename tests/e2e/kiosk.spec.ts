import { expect, test, type Page } from '@playwright/test';
import {
  bornYearsAgo,
  DEMO_CARDS,
  enrolledKiosk,
  expectAccessible,
  LANDSCAPE,
  PORTRAIT,
  publishedOffers,
  registerFamily,
  signIn,
  signInWithCard,
} from './support';

const { SARA, YUSUF, KARIMA } = DEMO_CARDS;

/**
 * Leaves a trace of the person the way an app would (a database of theirs, a cached answer, a stored
 * key), so that the wipe has something to wipe, and the test can prove it went.
 */
async function leaveTraces(page: Page, who: string) {
  await page.evaluate(async (name) => {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(`wishmi-${name}`, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('entities').put({ name }, 'me');
      request.onsuccess = () => (request.result.close(), resolve());
      request.onerror = () => reject(request.error);
    });
    await (await caches.open('wishmi-person')).put('/api/me', new Response(JSON.stringify({ name })));
    localStorage.setItem('wishmi.lastUser', name);
    sessionStorage.setItem('draft', name);
  }, who);
}

/** Nothing of the person is left on the device: no database, no cache, no stored key, no session cookie. */
async function expectNoTrace(page: Page, who: string) {
  const left = await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: (await caches.keys()).filter((name) => !name.startsWith('workbox-precache')),
    local: Object.keys(localStorage).filter((key) => !key.startsWith('wishmi.kiosk.') && key !== 'PARAGLIDE_LOCALE'),
    // SvelteKit keeps its own scroll positions there (numbers by history entry): anything else is a trace.
    session: Object.entries(sessionStorage).filter(([key]) => !key.startsWith('sveltekit:')),
    sessionText: JSON.stringify(Object.entries(sessionStorage)),
    text: document.body.innerText,
  }));
  expect(left.databases).toEqual([]);
  expect(left.caches).toEqual([]);
  expect(left.local).toEqual([]);
  expect(left.session).toEqual([]);
  expect(left.sessionText).not.toContain(who);
  expect(left.text).not.toContain(who);
  const cookies = (await page.context().cookies()).map((c) => c.name);
  expect(cookies).not.toContain('wishmi_session');
  expect(cookies).toContain('wishmi_kiosk');
  // The server agrees: the kiosk alone opens no one's data.
  const wallet = await page.evaluate(async () => (await fetch('/api/wallet')).status);
  expect(wallet).toBe(403);
}

test('portrait, in Italian: a young person signs in with card and PIN, sees their progress, and the kiosk forgets them when they are done', async ({
  browser,
}) => {
  test.slow();
  const { context, page } = await enrolledKiosk(browser, PORTRAIT);
  // The idle screen: the hub, its rotating check-in code, today, what is near, and the card.
  await expect(page.getByRole('img', { name: /Hub Corvetto/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Oggi all’hub' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Attività vicine' })).toBeVisible();
  await expectAccessible(page);

  // A wrong PIN first: a plain refusal, and the PIN is asked again.
  await signInWithCard(page, { ...SARA, pin: '0000' });
  await expect(page.getByRole('alert')).toHaveText('Numero della tessera o PIN non corretti.');
  await expectAccessible(page);
  for (const digit of SARA.pin) await page.getByRole('group').getByRole('button', { name: digit, exact: true }).click();
  await page.locator('form button[type="submit"]').click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ciao Sara Haddad');
  await expect(page.getByRole('heading', { name: 'I tuoi progressi' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Missioni' })).toBeVisible();
  await expectAccessible(page);
  await leaveTraces(page, 'Sara Haddad');

  await page.getByRole('button', { name: 'Ho finito' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hub Corvetto');
  await expectNoTrace(page, 'Sara Haddad');
  // Back, as the next person might try: still no one's screen.
  await page.goBack().catch(() => undefined);
  await expect(page.locator('body')).not.toContainText('Sara Haddad');
  await expect(page.getByRole('heading', { name: /Ciao/ })).toHaveCount(0);
  await context.close();
});

test('landscape, in Arabic: a 13-year-old checks in with one tap, walks away, and the countdown forgets him', async ({ browser }) => {
  test.slow();
  // An event at the hub next week, for Yusuf to take a place at from the kiosk.
  const title = `Fumetto ${Math.random().toString(36).slice(2, 6)}`;
  const desk = await browser.newContext();
  const operator = await desk.newPage();
  await signIn(operator, 'hub@demo.wishmi.test');
  await expect(operator).toHaveURL('/hub');
  const starts = Date.now() + 7 * 24 * 3_600_000;
  const published = await operator.request.post('/api/hub/events', {
    data: {
      title,
      description: '',
      kind: 'workshop',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 2 * 3_600_000).toISOString(),
      capacity: 10,
      languages: ['it', 'ar'],
    },
  });
  expect(published.status()).toBe(201);
  await desk.close();

  const { context, page } = await enrolledKiosk(browser, LANDSCAPE, { clock: true });
  await signInWithCard(page, YUSUF);
  // Yusuf reads Arabic: the kiosk speaks his language, right to left, while he is there.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('مرحبًا Yusuf El Idrissi');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('button', { name: 'سجّل حضورك' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'تم تسجيل حضورك' })).toHaveText('تم تسجيل حضورك في Hub Corvetto. أهلًا بك!');
  // A poll of his missions, answered with one tap, and a place at the hub's event.
  const polls = page.locator('section', { has: page.getByRole('heading', { name: 'استطلاعات: شارك برأيك' }) });
  await polls.locator('fieldset').first().getByRole('button').first().click();
  await expect(polls.getByRole('status')).toHaveText('شكرًا: سُجّلت إجابتك (دون ذكر اسمك).');
  await page.getByRole('button', { name: `احجز مكانًا في ${title}` }).click();
  await expect(page.getByRole('button', { name: `تخلَّ عن مكاني في ${title}` })).toBeVisible();
  await expectAccessible(page);
  await leaveTraces(page, 'Yusuf El Idrissi');

  // He walks away: after a minute the kiosk asks, and fifteen seconds later it forgets him.
  await page.clock.fastForward(61_000);
  await expect(page.getByRole('alertdialog')).toContainText('هل ما زلت هنا؟');
  await expectAccessible(page);
  await page.clock.fastForward(16_000);
  // Back to the hub's own language for the next person.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hub Corvetto');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('button', { name: 'Entra con la tessera' })).toBeVisible();
  await expectNoTrace(page, 'Yusuf El Idrissi');
  await context.close();
});

test('portrait, in Arabic: a guardian sees the household’s vouchers and bookings, stays when asked, and is done', async ({ browser }) => {
  test.slow();
  const { context, page } = await enrolledKiosk(browser, PORTRAIT, { clock: true });
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'ادخل ببطاقتك' }).click();
  await page.locator('#card-number').fill(KARIMA.number);
  await page.getByRole('button', { name: 'التالي' }).click();
  await page.locator('#card-pin').fill(KARIMA.pin);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('مرحبًا Karima El Idrissi');
  await expect(page.getByRole('heading', { name: 'المحفظة' })).toBeVisible();
  await expectAccessible(page);

  // Still there: "I'm here" keeps her signed in.
  await page.clock.fastForward(61_000);
  await page.getByRole('button', { name: 'أنا هنا، تابع' }).click();
  await page.clock.fastForward(20_000);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('مرحبًا Karima El Idrissi');

  await page.getByRole('button', { name: 'انتهيت' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hub Corvetto');
  await expectNoTrace(page, 'Karima El Idrissi');
  await context.close();
});

test('landscape, in Italian: a guardian finds an activity near the hub, saves it, books it, applies to the open call, and finds it all on the phone', async ({
  browser,
}) => {
  test.slow();
  // A family of our own (so no other test's household changes): a child of 12, and a card with PIN 2580.
  const home = await browser.newContext({ locale: 'it-IT' });
  const phone = await home.newPage();
  const name = `Laura Chiosco ${Math.random().toString(36).slice(2, 6)}`;
  await registerFamily(phone, name);
  const child = await phone.request.post('/api/household/minors', {
    data: { name: 'Pietro Chiosco', birthDate: bornYearsAgo(12), disability: false },
  });
  expect(child.status()).toBe(201);
  const hubs = (await (await phone.request.get('/api/hubs')).json()).hubs as { id: string; name: string }[];
  const issued = await phone.request.post('/api/household/cards', {
    data: { person: 'me', hubId: hubs.find((h) => h.name === 'Hub Corvetto')!.id, pin: '2580' },
  });
  expect(issued.status()).toBe(201);
  const card = { number: (await issued.json()).card.number as string, pin: '2580' };
  // An activity a 12-year-old may take, with a date to come that has room and a title no other has:
  // whatever the catalogue holds today.
  const soon = Date.now() + 2 * 60 * 60 * 1000;
  const offers = await publishedOffers(phone.request);
  const offer = offers.find(
    (o) =>
      o.ageMin <= 12 &&
      o.ageMax >= 12 &&
      o.sessions.some((s) => s.seatsLeft > 0 && Date.parse(s.startsAt) > soon) &&
      offers.filter((other) => other.title.it === o.title.it).length === 1,
  );
  if (!offer) throw new Error('The catalogue has no activity for a 12-year-old with a date to come');
  const title = offer.title.it;

  const { context, page } = await enrolledKiosk(browser, LANDSCAPE);
  await signInWithCard(page, card);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ciao ${name}`);
  await page.getByRole('navigation', { name: 'Cosa fare qui' }).getByRole('button', { name: 'Attività' }).click();
  await page.locator('#kiosk-search').fill(title);
  const found = page
    .locator('.results > li')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .first();
  await expect(found).toBeVisible();
  await expectAccessible(page);

  const save = found.getByRole('button', { name: `Salva per dopo: ${title}` });
  await save.click();
  await expect(save).toHaveAttribute('aria-pressed', 'true');
  await found.getByRole('button', { name: `Prenota ${title}` }).click();
  await found.getByRole('radio').first().check();
  await expect(found.locator('#book-child option')).toHaveText(['Pietro Chiosco (12 anni)']);
  await expectAccessible(page);
  await found.getByRole('button', { name: 'Conferma la prenotazione' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Prenotato: ${title}` })).toBeVisible();

  // The summer call is open to the household: applied to here, nothing typed kept on the kiosk.
  await page.getByRole('navigation', { name: 'Cosa fare qui' }).getByRole('button', { name: 'Bandi voucher' }).click();
  await page
    .getByRole('button', { name: /^Fai domanda/ })
    .first()
    .click();
  await expect(page.locator('#isee')).toBeVisible();
  await page.locator('#isee').fill('8.250,00');
  await page.locator('#dsu').fill('INPS-ISEE-2026-12345678A-00');
  await page.getByRole('checkbox', { name: /^Viviamo a Milano/ }).check();
  await page.getByRole('radiogroup').getByRole('radio', { name: 'No' }).check();
  await page.getByRole('checkbox', { name: 'Confermo e do il consenso' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Invia la domanda' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Domanda inviata' })).toBeVisible();
  await expect(page.locator('.list li').filter({ hasText: 'Inviata' }).first()).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Ho finito' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hub Corvetto');
  await expectNoTrace(page, name);
  await context.close();

  // At home, on the phone (signed in since registering): the saved activity, the booking and the application are there.
  await phone.goto('/family/activities');
  await expect(phone.getByRole('region', { name: 'Salvate per dopo' }).getByRole('link', { name: title })).toBeVisible({ timeout: 15_000 });
  await expectAccessible(phone);
  await phone.goto('/family/bookings');
  await expect(phone.locator('li.booking').filter({ hasText: title })).toHaveCount(1, { timeout: 15_000 });
  await phone.goto('/family/calls');
  await expect(phone.getByText('Inviata').first()).toBeVisible({ timeout: 15_000 });
  await home.close();
});

test('a kiosk credential opens kiosk pages only, and a revoked kiosk says so', async ({ browser }) => {
  test.slow();
  const { context, page, name } = await enrolledKiosk(browser, LANDSCAPE);
  const status = await page.evaluate(async () => {
    const res = await fetch('/api/hub/overview');
    return { status: res.status, body: await res.json() };
  });
  expect(status.status).toBe(403);
  expect(status.body.error.message).toBe('Un chiosco apre solo le pagine del chiosco.');

  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const operator = await desk.newPage();
  await signIn(operator, 'hub@demo.wishmi.test');
  await operator.getByRole('link', { name: 'Chioschi', exact: true }).click();
  await operator.getByRole('button', { name: `Revoca «${name}»` }).click();
  await expect(operator.getByRole('alertdialog')).toBeVisible();
  await operator
    .getByRole('alertdialog')
    .getByRole('button', { name: `Revoca «${name}»` })
    .click();
  await expect(operator.getByRole('listitem').filter({ hasText: name })).toContainText('Revocato il');
  await desk.close();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chiosco non attivo');
  await expectAccessible(page);
  await context.close();
});

test('with no network, a card still checks a young person in: queued on the kiosk, sent when the network is back', async ({ browser }) => {
  test.slow();
  // A family of our own, with a 12-year-old whose card the guardian issues (so no other test's check-ins count).
  const home = await browser.newContext({ locale: 'it-IT' });
  const guardian = await home.newPage();
  await registerFamily(guardian, 'Famiglia Offline');
  const born = `${new Date().getFullYear() - 12}-01-01`;
  const minor = await guardian.request.post('/api/household/minors', {
    data: { name: 'Luca Offline', birthDate: born, disability: false },
  });
  expect(minor.status()).toBe(201);
  const hubs = (await (await guardian.request.get('/api/hubs')).json()).hubs as { id: string; name: string }[];
  const issued = await guardian.request.post('/api/household/cards', {
    data: { person: (await minor.json()).minor.id, hubId: hubs.find((h) => h.name === 'Hub Corvetto')!.id, pin: '4321' },
  });
  expect(issued.status()).toBe(201);
  const { number } = (await issued.json()).card as { number: string };
  await home.close();

  const { context, page } = await enrolledKiosk(browser, LANDSCAPE);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Entra con la tessera' }).click();
  await expect(page.getByRole('alert').first()).toContainText('serve la rete');
  await page.locator('#card-number').fill(number);
  await page.getByRole('button', { name: 'Fai check-in con la tessera' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Check-in salvato' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Fatto' }).click();
  await expect(page.getByText('Check-in in attesa di invio: 1.')).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByText('Check-in inviati: 1 registrati, 0 rifiutati.')).toBeVisible();
  await context.close();
});
