import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, visitor } from './support';

test('the city opens a hub that anyone then finds, with its hours, languages and the activities near it', async ({ page, browser }) => {
  test.slow();
  const name = `Hub Bovisa ${Date.now()}`;
  await signIn(page, 'admin@demo.wishmi.test');
  await page.getByRole('link', { name: 'Hub', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hub');
  await expect(page.getByRole('heading', { name: 'Hub Corvetto' })).toBeVisible();

  // A first try without a name or a place: each field says what is missing, nothing is sent.
  await page.getByRole('button', { name: 'Apri l’hub' }).click();
  await expect(page.locator('#hub-name-error')).toHaveText('Dai un nome all’hub (da 3 a 120 caratteri).');
  await expect(page.locator('#hub-name')).toBeFocused();

  await page.locator('#hub-name').fill(name);
  await page.locator('#hub-address').fill('Via Candiani 10, Milano');
  await page.locator('#hub-municipio').selectOption('9');
  await page.getByRole('button', { name: 'Usa il centro del municipio' }).click();
  // Saturday mornings as well as the weekday afternoons a new hub starts with.
  await page.getByRole('button', { name: 'Aggiungi un orario' }).click();
  await page.locator('#hub-day-5').selectOption('6');
  await page.locator('#hub-opens-5').fill('10:00');
  await page.locator('#hub-closes-5').fill('09:00');
  await page.getByRole('button', { name: 'Apri l’hub' }).click();
  await expect(page.locator('#hub-closes-5-error')).toHaveText('L’orario di chiusura deve venire dopo quello di apertura.');
  await page.locator('#hub-closes-5').fill('13:00');
  await page.getByRole('checkbox', { name: 'arabo' }).check();
  await page.getByRole('checkbox', { name: 'Senza gradini' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Apri l’hub' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText(`${name} è aperto.`);
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // Anyone, without signing in, from the welcome page.
  const { context, page: anyone } = await visitor(browser);
  await anyone.goto('/');
  await anyone.getByRole('link', { name: 'Trova un hub' }).click();
  await expect(anyone.getByRole('heading', { level: 1 })).toHaveText('Hub di comunità');
  await expectAccessible(anyone);
  await anyone.getByRole('link', { name }).click();
  await expect(anyone.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(anyone.getByRole('row', { name: /sabato/ })).toContainText('10:00–13:00');
  await expect(anyone.getByRole('row', { name: /domenica/ })).toContainText('Chiuso');
  await expect(anyone.getByText('italiano e arabo')).toBeVisible();
  await expect(anyone.getByRole('link', { name: 'Indicazioni su OpenStreetMap' })).toHaveAttribute(
    'href',
    /openstreetmap\.org\/directions\?to=45\./,
  );
  await expect(anyone.getByRole('heading', { name: 'Attività vicine' })).toBeVisible();
  await expectAccessible(anyone);
  await context.close();
});

test('a hub page reads right to left in Arabic, with the activities near Hub Corvetto', async ({ browser }) => {
  const { context, page } = await visitor(browser, 'ar');
  await page.goto('/hubs');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('link', { name: 'Hub Corvetto' }).click();
  await expect(page.getByRole('heading', { name: 'أنشطة قريبة' })).toBeVisible();
  await expect(page.locator('section[aria-labelledby="nearby-title"] li').first()).toBeVisible();
  await expectAccessible(page);
  await context.close();
});

test('the city closes a hub: it leaves the public list, and its history stays', async ({ page, browser }) => {
  const name = `Hub Lorenteggio ${Date.now()}`;
  await signIn(page, 'admin@demo.wishmi.test');
  await page.waitForURL('**/city');
  const opened = await page.request.post('/api/city/hubs', {
    headers: { origin: new URL(page.url()).origin },
    data: {
      name,
      address: 'Via Lorenteggio 181, Milano',
      municipio: 6,
      lat: 45.4472,
      lon: 9.1264,
      hours: [{ day: 3, opens: '15:00', closes: '18:00' }],
      languages: ['it'],
      accessibility: [],
    },
  });
  expect(opened.status()).toBe(201);
  const id = (await opened.json()).hub.id as string;

  await page.goto(`/city/hubs/view?id=${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.getByRole('button', { name: `Chiudi ${name}` }).click();
  await expect(page.getByRole('alertdialog', { name: `Chiudere ${name} definitivamente?` })).toBeVisible();
  // Thinking better of it first: nothing changes, and the button is back under the finger.
  await page.getByRole('button', { name: 'Lascialo aperto' }).click();
  await expect(page.locator('#close-hub')).toBeFocused();
  await page.locator('#close-hub').click();
  await expectAccessible(page);
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: `Chiudi ${name}` })
    .click();
  await expect(page.locator('main').getByRole('status')).toHaveText(`${name} è chiuso.`);
  await expect(page.getByText(/^Chiuso il /)).toBeVisible();

  const { context, page: anyone } = await visitor(browser);
  await anyone.goto('/hubs');
  await expect(anyone.getByRole('link', { name: 'Hub Corvetto' })).toBeVisible();
  await expect(anyone.getByRole('link', { name })).toHaveCount(0);
  await anyone.goto(`/hubs?id=${id}`);
  await expect(anyone.getByRole('alert')).toContainText('Questo hub non esiste.');
  await context.close();
});

test('the city invites an operator, who joins from the link with a password of their own; removed, they are signed out', async ({
  page,
  browser,
}) => {
  test.slow();
  const email = `marta.${Date.now()}@example.org`;
  await signIn(page, 'admin@demo.wishmi.test');
  await page.waitForURL('**/city');
  await page.goto('/city/hubs');
  await page.getByRole('link', { name: 'Gestisci Hub Giambellino' }).click();
  await expect(page.getByRole('heading', { name: 'Chi lavora qui' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rimuovi Farah Benali' })).toBeVisible();

  await page.locator('#invitee-name').fill('Marta Rossi');
  await page.locator('#invitee-email').fill(email);
  await page.getByRole('button', { name: 'Crea il link di invito' }).click();
  await expect(page.locator('main').getByRole('status').first()).toHaveText('Marta Rossi è invitato.');
  const link = await page.locator('#invitation-link').inputValue();
  expect(link).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('heading', { name: 'Invitati, in attesa di risposta' })).toBeVisible();
  await expectAccessible(page);

  // Marta, on her own phone.
  const { context, page: marta } = await visitor(browser);
  await marta.goto(link);
  await expect(marta.getByRole('heading', { level: 1 })).toHaveText('Entra in Hub Giambellino');
  await expect(marta.getByText(`Accederai come ${email}.`)).toBeVisible();
  await expectAccessible(marta);
  await marta.locator('#password').fill('corta');
  await marta.getByRole('button', { name: 'Accetta e accedi' }).click();
  await expect(marta.locator('#password-error')).toBeVisible();
  await marta.locator('#password').fill('una password lunga');
  await marta.getByRole('button', { name: 'Accetta e accedi' }).click();
  await marta.waitForURL('**/hub');
  await expect(marta.getByRole('heading', { level: 1 })).toHaveText('Hub Giambellino');
  // The link answers once.
  await marta.goto(link);
  await expect(marta.getByRole('alert')).toContainText('Questo link di invito non funziona');

  // The city removes her: her next step asks her to sign in, and her password opens nothing.
  await page.reload();
  await page.getByRole('button', { name: 'Rimuovi Marta Rossi' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Rimuovi Marta Rossi' }).click();
  await expect(page.locator('main').getByRole('status').first()).toHaveText('Marta Rossi non lavora più in questo hub.');
  await expect(page.getByText(email)).toHaveCount(0);
  await marta.goto('/hub/missions');
  await marta.waitForURL('**/login**');
  await signIn(marta, email, 'una password lunga');
  await expect(marta.getByRole('alert')).toBeVisible();
  await context.close();
});

test('a hub operator publishes an event, Sara takes a place on the hub’s page, and the operator marks her present', async ({
  page,
  browser,
}) => {
  test.slow();
  const title = `Laboratorio di fumetto ${Date.now()}`;
  await signIn(page, 'hub@demo.wishmi.test');
  await page.waitForURL('**/hub');
  await page.getByRole('link', { name: 'Eventi', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eventi');
  await page.locator('#event-title').fill(title);
  await page.locator('#event-capacity').fill('0');
  await page.getByRole('button', { name: 'Pubblica un evento' }).click();
  await expect(page.locator('#event-capacity-error')).toHaveText('Posti: un numero intero da 1 a 200.');
  await page.locator('#event-capacity').fill('12');
  await page.getByRole('checkbox', { name: 'arabo' }).check();
  await page.getByRole('button', { name: 'Pubblica un evento' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('L’evento è pubblicato.');
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expectAccessible(page);

  // Sara, on her phone, from the hub's public page.
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, locale: 'it-IT' });
  const sara = await context.newPage();
  await sara.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  await signIn(sara, 'youth@demo.wishmi.test');
  await sara.waitForURL('**/youth');
  await sara.goto('/hubs');
  await sara.getByRole('link', { name: 'Hub Corvetto' }).click();
  const card = sara.getByRole('listitem').filter({ hasText: title });
  await expect(card).toContainText('Posti liberi: 12 su 12');
  await card.getByRole('button', { name: `Prenota un posto a ${title}` }).click();
  await expect(card).toContainText('Hai un posto.');
  await expect(card).toContainText('Posti liberi: 11 su 12');
  await expectAccessible(sara);
  await context.close();

  await page.reload();
  const mine = page.getByRole('listitem').filter({ hasText: title });
  await expect(mine.getByRole('group', { name: 'Chi viene (1)' })).toBeVisible();
  await mine.getByRole('checkbox', { name: 'Sara Haddad è venuto' }).check();
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: title }).getByRole('checkbox', { name: 'Sara Haddad è venuto' })).toBeChecked();

  // Cancelled, after an "are you sure?" that says how many have a place.
  const row = page.getByRole('listitem').filter({ hasText: title });
  await row.getByRole('button', { name: `Annulla ${title}` }).click();
  await expect(page.getByRole('alertdialog', { name: `Annullare ${title}?` })).toContainText('Persone con un posto: 1.');
  await expectAccessible(page);
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: `Annulla ${title}` })
    .click();
  await expect(row).toContainText('Annullato');
});

test('the operator takes attendance at the workshop under way by card: a young person who came without a place is added', async ({
  page,
}) => {
  await signIn(page, 'hub@demo.wishmi.test');
  await page.waitForURL('**/hub');
  await page.getByRole('link', { name: 'Eventi', exact: true }).click();
  // The demo's comics workshop began half an hour before the demo was made: attendance may be taken now.
  const workshop = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Laboratorio di fumetto', exact: true }) });
  const card = workshop.getByLabel('Presenza con la tessera');
  // A number with the right check digit that no card has.
  await card.fill('9999 8888 7777');
  await workshop.getByRole('button', { name: 'Segna presente' }).click();
  await expect(page.getByRole('alert')).toContainText('non è valida');
  // Yusuf's card (the README's demo table): he had no place, and now he is on the list, present.
  await card.fill('2222 3333 4440');
  await workshop.getByRole('button', { name: 'Segna presente' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('Yusuf El Idrissi: presente.');
  await expect(card).toHaveValue('');
  await expect(workshop.getByRole('checkbox', { name: 'Yusuf El Idrissi è venuto' })).toBeChecked();
  await expectAccessible(page);
});

test('in Arabic, right to left: a hub’s kiosks, desk and events pages, and a family’s cards page, pass axe', async ({ page, browser }) => {
  test.slow();
  // Farah runs Hub Giambellino and reads Arabic: her pages open in her language.
  await signIn(page, 'hub2@demo.wishmi.test');
  await page.waitForURL('**/hub');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  for (const path of ['/hub/kiosks', '/hub/desk', '/hub/events']) {
    await page.goto(path);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.locator('main .loading')).toHaveCount(0);
    await expectAccessible(page);
  }
  const context = await browser.newContext({ locale: 'ar' });
  const family = await context.newPage();
  await signIn(family, 'guardian3@demo.wishmi.test');
  await family.waitForURL('**/family');
  await family.goto('/family/cards');
  await expect(family.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(family.locator('main h1')).toBeVisible();
  await expect(family.locator('main .loading')).toHaveCount(0);
  await expectAccessible(family);
  await context.close();
});
