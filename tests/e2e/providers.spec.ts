import { expect, test, type Browser } from '@playwright/test';
import { expectAccessible, signIn } from './support';

/** A one-pixel PNG: the phone turns it into a small JPEG before sending. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** A browser of its own, from an address of its own (the server counts sign-ups per address), in Italian. */
async function person(browser: Browser, viewport = { width: 412, height: 915 }) {
  const home = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const context = await browser.newContext({ viewport, locale: 'it-IT', extraHTTPHeaders: { 'x-forwarded-for': home } });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  return { context, page };
}

test('an organisation applies, corrects what the city asks, is accredited, and publishes its first activity with sessions', async ({
  browser,
}) => {
  test.slow();
  const name = `Danza Corvetto ${Date.now()}`;
  const { context: staffContext, page } = await person(browser);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Candidatura enti' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Candidatura enti');

  await page.getByLabel('Nome dell’ente').fill(name);
  await page.getByLabel('Natura giuridica').selectOption('non_profit');
  await page.getByLabel('Codice fiscale o partita IVA').fill('123');
  await page.getByLabel('Sede legale').fill('Via Mompiani 5, Milano');
  await page.locator('#app-municipio').selectOption('4');
  await page.getByLabel('Email dell’ente').fill('danza@example.org');
  await page.getByLabel('Telefono').fill('+39 02 555 0101');
  await page.getByLabel('Arte').check();
  await page.getByLabel('Indirizzo del luogo 1').fill('Via Mompiani 5, Milano');
  await page.locator('#app-places-0-municipio').selectOption('4');
  await page.getByLabel('Titolo o numero').fill('Statuto 2024');
  await page.getByLabel('Nome della persona 1').fill('Elena Greco');
  await page.getByLabel('Data della formazione').fill('2026-09-30');
  await page.locator('#name').fill('Elena Greco');
  await page.locator('#email').fill(`elena.${Date.now()}@danza.example`);
  await page.locator('#password').fill('passi di danza lunghi');
  await page.getByRole('button', { name: 'Invia la candidatura' }).click();
  // The one wrong field is named beside it, and focused.
  await expect(page.locator('#app-taxCode-error')).toHaveText('Scrivi un codice fiscale di 16 caratteri o una partita IVA di 11 cifre.');
  await expect(page.getByLabel('Codice fiscale o partita IVA')).toBeFocused();
  await expectAccessible(page);
  await page.getByLabel('Codice fiscale o partita IVA').fill('97000000158');
  await page.getByRole('button', { name: 'Invia la candidatura' }).click();

  await page.waitForURL('**/provider');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByText('La domanda è al Comune.')).toBeVisible();
  await expectAccessible(page);

  // The city asks for the insurance.
  const { context: cityContext, page: admin } = await person(browser, { width: 1280, height: 800 });
  await signIn(admin, 'admin@demo.wishmi.test');
  await admin.waitForURL('**/city');
  await admin.getByRole('link', { name: 'Enti' }).click();
  await admin.getByRole('link', { name }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(name);
  await admin.getByLabel('Chiedi modifiche').check();
  await admin.getByRole('button', { name: 'Conferma la decisione' }).click();
  await expect(admin.locator('#reason-error')).toHaveText('Scrivi il motivo: l’ente lo leggerà.');
  await admin.getByLabel(/^Motivo/).fill('Manca la polizza assicurativa.');
  await admin.getByRole('button', { name: 'Conferma la decisione' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Decisione registrata.' })).toBeVisible();
  await expect(admin.locator('.badge').first()).toHaveText('Modifiche richieste');
  await expectAccessible(admin);

  // The organisation reads why, adds the insurance and sends the application again.
  await page.reload();
  await expect(page.getByText('Manca la polizza assicurativa.')).toBeVisible();
  await page.getByRole('link', { name: 'Apri la candidatura' }).click();
  await page.getByRole('button', { name: 'Aggiungi un documento' }).click();
  await page.getByLabel('Tipo del documento 2').selectOption('insurance');
  await page.locator('#app-documents-1-name').fill('Polizza RC 2026');
  await page.getByRole('button', { name: 'Invia la domanda corretta' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Domanda inviata di nuovo: il Comune la riesaminerà.' })).toBeVisible();
  await expect(page.getByText('Assicurazione: Polizza RC 2026')).toBeVisible();
  await expectAccessible(page);

  await admin.reload();
  await admin.getByLabel('Accredita').check();
  await admin.getByRole('button', { name: 'Conferma la decisione' }).click();
  await expect(admin.locator('.badge').first()).toHaveText('Accreditato');
  await expect(admin.getByText('Manca la polizza assicurativa.')).toBeVisible();
  await cityContext.close();

  // Accredited: the first activity, published, with two weekly sessions.
  await page.getByRole('link', { name: 'Attività', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le vostre attività');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nuova attività' }).click();
  await page.getByLabel('Titolo (Italiano)').fill('Danza creativa');
  await page.getByLabel('Descrizione (Italiano)').fill('Movimento e musica per scoprire il proprio corpo, in gruppo.');
  await page.getByLabel('Categoria').selectOption('art');
  await page.getByLabel('Talenti e creatività').check();
  await page.getByLabel('Prezzo in euro').fill('75,50');
  await page.getByLabel('Indirizzo del luogo').fill('Via Mompiani 5, Milano');
  await page.locator('#municipio').selectOption('4');
  await page.getByRole('button', { name: 'Usa il centro del municipio' }).click();
  await page.getByLabel('Pubblicata nel catalogo').check();
  await page.getByRole('button', { name: 'Crea l’attività' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Attività salvata.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Danza creativa');
  await page.getByLabel('Per quante settimane').fill('2');
  await page.getByRole('button', { name: 'Aggiungi gli incontri' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Incontri aggiunti: 2.' })).toBeVisible();
  await expect(page.locator('ul.sessions > li')).toHaveCount(2);

  // A photo, made small on the phone, with words for people who cannot see it.
  await page.getByLabel('Scegli la foto').setInputFiles({ name: 'sala.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  await page.getByRole('button', { name: 'Aggiungi la foto' }).click();
  await expect(page.locator('#photo-alt-it-error')).toBeVisible();
  await page.getByLabel('Cosa mostra (Italiano)').fill('La sala di danza con lo specchio');
  await page.getByRole('button', { name: 'Aggiungi la foto' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Foto aggiunta.' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'La sala di danza con lo specchio' })).toBeVisible();
  await expectAccessible(page);

  // Families find it in the catalogue, with its price, sessions and photo.
  const { offers } = (await (await page.request.get('/api/catalogue')).json()) as {
    offers: { title: { it: string }; providerName: string; priceCents: number; sessions: unknown[]; photos: { id: string }[] }[];
  };
  const published = offers.find((o) => o.providerName === name)!;
  expect(published).toMatchObject({
    title: { it: 'Danza creativa' },
    priceCents: 75_50,
    sessions: [expect.anything(), expect.anything()],
    photos: [{ alt: { it: 'La sala di danza con lo specchio' } }],
  });
  const photo = await page.request.get(`/api/photos/${published.photos[0].id}`);
  expect(photo.headers()['content-type']).toBe('image/jpeg');
  await staffContext.close();
});
