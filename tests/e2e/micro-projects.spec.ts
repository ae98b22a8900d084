import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, FAMILY_PASSWORD, newYouth, signIn, visitor } from './support';

test('the city funds a new hub’s budget and plans its round, which anyone then reads on the hub’s page, in Arabic too', async ({
  page,
  browser,
}) => {
  test.slow();
  const name = `Hub Lorenteggio ${Date.now()}`;
  await signIn(page, 'admin@demo.wishmi.test');
  await page.waitForURL('**/city');
  const opened = await page.request.post('/api/city/hubs', {
    headers: { origin: new URL(page.url()).origin },
    data: {
      name,
      address: 'Via Lorenteggio 181, Milano',
      municipio: 6,
      lat: 45.4478,
      lon: 9.1218,
      hours: [{ day: 2, opens: '15:00', closes: '19:00' }],
      languages: ['it', 'ar'],
      accessibility: ['step_free'],
    },
  });
  expect(opened.status()).toBe(201);
  const id = (await opened.json()).hub.id as string;

  await page.goto(`/city/hubs/view?id=${id}`);
  const budget = page.locator('section[aria-labelledby="hub-budget-title"]');
  await expect(budget.getByText('Nessun finanziamento ancora.')).toBeVisible();
  // A slip first: the amount is named, nothing moves.
  await budget.getByLabel('Importo in euro').fill('dieci');
  await budget.getByRole('button', { name: 'Trasferisci dal budget del programma' }).click();
  await expect(budget.getByText('Scrivi un importo in euro maggiore di zero, ad esempio 120 o 120,50.')).toBeVisible();
  await budget.getByLabel('Importo in euro').fill('5.000');
  await budget.getByLabel('Da dove vengono i fondi').selectOption('eu_fund');
  await budget.getByLabel('Nota (facoltativa)').fill('FSE+ 2021-2027');
  await budget.getByRole('button', { name: 'Trasferisci dal budget del programma' }).click();
  await expect(budget.getByRole('status')).toHaveText("Trasferiti 5000,00 € al budget dell'hub.");
  await expect(budget.locator('dd').first()).toHaveText('5000,00 €');
  await expect(budget.locator('.fundings li')).toContainText(['Fondi europei']);

  const rounds = page.locator('section[aria-labelledby="rounds-title"]');
  await rounds.getByRole('button', { name: 'Pianifica un nuovo turno' }).click();
  await expect(rounds.getByText('Ancora da pianificare nel budget dell')).toContainText('5000,00 €');
  await rounds.getByLabel('Titolo (Italiano)').fill('Lorenteggio in gioco');
  await rounds.getByLabel('Descrizione (Italiano)').fill('Idee dei ragazzi per il cortile e la piazza.');
  // More than the hub has: the server says so, and nothing is planned.
  await rounds.getByLabel('Budget del turno in euro').fill('6000');
  await rounds.getByRole('button', { name: 'Crea il turno' }).click();
  await expect(rounds.getByRole('alert')).toContainText('Il budget del turno supera');
  await rounds.getByLabel('Budget del turno in euro').fill('4000');
  await rounds.getByLabel('In ordine di voti').check();
  await expectAccessible(page);
  await rounds.getByRole('button', { name: 'Crea il turno' }).click();
  await expect(rounds.getByRole('status')).toHaveText('Turno «Lorenteggio in gioco» creato.');
  await expect(rounds.getByRole('heading', { name: 'Lorenteggio in gioco' })).toBeVisible();
  await expect(rounds.getByText('In arrivo', { exact: true })).toBeVisible();

  const { context, page: anyone } = await visitor(browser, 'ar');
  await anyone.goto(`/hubs?id=${id}`);
  const projects = anyone.locator('section[aria-labelledby="projects-title"]');
  await expect(projects.getByRole('heading', { name: 'Lorenteggio in gioco' })).toBeVisible();
  await expect(anyone.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(projects.locator('dd').first()).toContainText('5,000.00');
  await expectAccessible(anyone);
  await context.close();
});

test('the hub’s operator plans a round at /hub/projects, told what to fix before anything is sent', async ({ page }) => {
  await signIn(page, 'hub@demo.wishmi.test');
  await page.waitForURL('**/hub');
  await page.getByRole('link', { name: 'Apri i micro-progetti' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Micro-progetti');
  await page.getByRole('button', { name: 'Pianifica un nuovo turno' }).click();
  await page.getByRole('button', { name: 'Crea il turno' }).click();
  await expect(page.getByLabel('Titolo (Italiano)')).toBeFocused();
  await expect(page.getByText('Scrivi un titolo da 3 a 120 caratteri.')).toBeVisible();
  await expectAccessible(page);
  const title = `Corvetto in piazza ${Date.now()}`;
  await page.getByLabel('Titolo (Italiano)').fill(title);
  await page.getByLabel('Descrizione (Italiano)').fill('Una piccola idea per provare il turno.');
  await page.getByLabel('Budget del turno in euro').fill('10');
  await page.getByRole('button', { name: 'Crea il turno' }).click();
  await expect(page.locator('main .alert.success')).toHaveText(`Turno «${title}» creato.`);
  await page.getByRole('button', { name: `Modifica «${title}»` }).click();
  await page.getByLabel('Budget del turno in euro').fill('12');
  await page.getByRole('button', { name: 'Salva le modifiche' }).click();
  await expect(page.locator('main .alert.success')).toHaveText(`Turno «${title}» salvato.`);
});

test('a young person votes on Corvetto’s projects on their phone, in Arabic, and can change the ballot', async ({ page }) => {
  test.slow();
  // A youth of her own: she switches to Arabic, which her account keeps (the demo youth's stays Italian for other tests).
  const email = await newYouth(page, 'Nadia Russo');
  await signIn(page, email, FAMILY_PASSWORD);
  await page.waitForURL('**/youth');
  await page.getByRole('link', { name: 'Apri i micro-progetti' }).click();
  const round = page.locator('section', { has: page.getByRole('heading', { name: 'Corvetto decide' }) });
  await round.getByRole('link', { name: /Vota i progetti|Cambia il tuo voto/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vota i progetti');
  // Over the budget: the page says so and will not send it.
  for (const title of [
    'Un murale per piazzale Gabriele Rosa',
    'Canestri nuovi al campetto',
    'Aula studio aperta il sabato',
    'Orto in cortile',
    'Sportello ascolto tra pari',
  ])
    await page.getByRole('checkbox', { name: new RegExp(title) }).check();
  await expect(page.getByText('Insieme costano più del budget: togline qualcuno.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Vota$|Cambia il tuo voto/ })).toBeDisabled();
  await page.getByRole('checkbox', { name: /Sportello ascolto tra pari/ }).uncheck();
  await page.getByRole('checkbox', { name: /Orto in cortile/ }).uncheck();
  await expect(page.getByText('Nel tuo paniere: 9400,00 € di 12.000,00 €')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /^Vota$|Cambia il tuo voto/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Voto registrato' })).toBeVisible();
  await expect(round.getByText('Hai votato 3 progetti.')).toBeVisible();

  await chooseLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.goto('/youth/projects');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('link', { name: 'غيّر صوتك' }).first().click();
  await expect(page.getByRole('checkbox', { checked: true })).toHaveCount(3);
  await expectAccessible(page);
});

test('the hub reads its round’s ideas and projects, and anyone reads a finished round’s results, why each project won or lost', async ({
  page,
  browser,
}) => {
  test.slow();
  await signIn(page, 'hub@demo.wishmi.test');
  await page.waitForURL('**/hub');
  await page.goto('/hub/projects');
  await page.getByRole('link', { name: 'Idee e progetti di «Corvetto decide»' }).click();
  await expect(page.getByRole('heading', { name: 'Co-progettazione' })).toBeVisible();
  await expect(page.getByText('Il voto è aperto: i progetti sulla scheda non cambiano più.')).toBeVisible();
  await expect(page.locator('section[aria-labelledby="projects-title"] h3')).toHaveCount(6);
  await expectAccessible(page);

  const { context, page: anyone } = await visitor(browser, 'it');
  await anyone.goto('/hubs');
  await anyone.getByRole('link', { name: 'Hub Giambellino' }).click();
  await anyone.getByRole('link', { name: 'Vedi i risultati' }).click();
  await expect(anyone.getByRole('heading', { level: 1 })).toHaveText('Giambellino in gioco');
  await expect(anyone.getByRole('heading', { name: 'Come sono stati contati' })).toBeVisible();
  await expect(anyone.locator('.results > li')).toHaveCount(3);
  await expect(anyone.locator('.results > li').first()).toContainText('Scelto al passo 1 con le quote uguali');
  const download = await anyone.request.get((await anyone.getByRole('link', { name: /Scarica i voti/ }).getAttribute('href')) ?? '');
  expect(await download.text()).toContain('\nVOTES\nvoter_id;vote\n1;');
  await expectAccessible(anyone);
  const url = anyone.url();
  await context.close();
  const arabic = await visitor(browser, 'ar');
  await arabic.page.goto(url);
  await expect(arabic.page.getByRole('heading', { level: 1 })).toHaveText('جامبيلينو في اللعب');
  await expect(arabic.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectAccessible(arabic.page);
  await arabic.context.close();
});
