import { devices, expect, test, type Page } from '@playwright/test';
import {
  chooseLanguage,
  DEMO_CARDS,
  enrolledKiosk,
  expectAccessible,
  FAMILY_PASSWORD,
  installed,
  LANDSCAPE,
  newYouth,
  signIn,
  signInWithCard,
  visitor,
} from './support';

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

/** Euro cents from a figure as any screen shows it ("2.100,00 €", "€2,100.00"): its digits. */
const cents = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

test('a whole round: an idea at the kiosk, co-design at the hub, votes by phone (one offline) and at the kiosk, results that explain themselves, and a milestone paid that the hub, the provider and the city all see', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36);

  // At Hub Corvetto's kiosk, Sara proposes an idea for the summer round with her card and PIN.
  const kiosk = await enrolledKiosk(browser, LANDSCAPE);
  await signInWithCard(kiosk.page, DEMO_CARDS.SARA);
  await kiosk.page.getByRole('button', { name: 'Micro-progetti' }).click();
  const summer = kiosk.page.locator('section', { has: kiosk.page.getByRole('heading', { name: "Corvetto d'estate" }) });
  await summer.getByRole('button', { name: "Proponi un'idea" }).click();
  await expect(kiosk.page.locator('#kiosk-round-form')).toBeFocused();
  const idea = `Cinema all'aperto ${stamp}`;
  await kiosk.page.getByRole('button', { name: "Invia l'idea" }).click();
  await expect(kiosk.page.getByLabel('Titolo', { exact: true })).toBeFocused();
  await kiosk.page.getByLabel('Titolo', { exact: true }).fill(idea);
  await kiosk.page.getByLabel('La tua idea').fill('Un telo e un proiettore in cortile, un film al mese in estate.');
  await kiosk.page.getByLabel('Per chi è').fill('Ragazzi e famiglie del quartiere');
  await kiosk.page.getByLabel('Dove', { exact: true }).fill('Cortile di via Salomone');
  await kiosk.page.getByLabel('Di cosa si occupa').selectOption('talents');
  await kiosk.page.getByLabel('Costo indicativo in euro (facoltativo)').fill('1.200');
  await expectAccessible(kiosk.page);
  await kiosk.page.getByRole('button', { name: "Invia l'idea" }).click();
  await expect(kiosk.page.getByRole('status').filter({ hasText: 'Idea inviata' })).toBeVisible();
  await expect(summer.getByText(`${idea} — in attesa che l'hub la legga`)).toBeVisible();
  await kiosk.page.getByRole('button', { name: 'Ho finito' }).click();
  await expect(kiosk.page.getByRole('button', { name: 'Entra con la tessera' })).toBeVisible();

  // The hub's operator reads it (proposed at the kiosk), publishes it and shapes it into a project.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const operator = await desk.newPage();
  await signIn(operator, 'hub@demo.wishmi.test');
  await operator.waitForURL('**/hub');
  await operator.goto('/hub/projects');
  await operator.getByRole('link', { name: "Idee e progetti di «Corvetto d'estate»" }).click();
  const proposed = operator.locator('section[aria-labelledby="ideas-title"] .ideas > li', { hasText: idea });
  await expect(proposed).toContainText("dal totem dell'hub");
  await proposed.getByRole('button', { name: `Pubblica «${idea}»` }).click();
  await expect(proposed).toContainText('pubblicata');
  await proposed.getByRole('checkbox').check();
  await operator.getByRole('button', { name: 'Crea un progetto' }).click();
  await expect(operator.getByLabel('Titolo (Italiano)')).toHaveValue(idea);
  await operator.getByLabel('Chi lo realizza (un gruppo o un ente)').fill('Cineforum Corvetto');
  await operator.getByLabel('Quanti ragazzi dovrebbe raggiungere').fill('60');
  await operator.getByLabel('Costo in euro').fill('1200');
  await operator.getByLabel('Importo della tappa 1 in euro').fill('700');
  await operator.getByLabel('Importo della tappa 2 in euro').fill('500');
  await operator.getByRole('button', { name: 'Salva il progetto' }).click();
  await expect(operator.locator('section[aria-labelledby="projects-title"] h3', { hasText: idea })).toBeVisible();
  await expect(proposed).toContainText('è in un progetto');
  await expectAccessible(operator);
  await desk.close();

  // Corvetto's round in its vote: one young person votes on her phone, another on his with no network.
  const ballot = async (page: Page, titles: string[]) => {
    await page.goto('/youth/projects');
    const round = page.locator('section', { has: page.getByRole('heading', { name: 'Corvetto decide' }) });
    await round.getByRole('link', { name: /Vota i progetti|Cambia il tuo voto/ }).click();
    for (const title of titles) await page.getByRole('checkbox', { name: new RegExp(title) }).check();
    await page.getByRole('button', { name: /^Vota$|Cambia il tuo voto/ }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Voto registrato' })).toBeVisible();
    await expect(round.getByText(`Hai votato ${titles.length} progetti.`)).toBeVisible();
  };
  const onPhone = async (name: string) => {
    const context = await browser.newContext({ ...devices['Pixel 7'], locale: 'it-IT' });
    const page = await context.newPage();
    const email = await newYouth(page, name);
    await signIn(page, email, FAMILY_PASSWORD);
    await page.waitForURL('**/youth');
    return { context, page };
  };
  const online = await onPhone(`Giada Neri ${stamp}`);
  await ballot(online.page, ['Un murale per piazzale Gabriele Rosa', 'Canestri nuovi al campetto']);
  await online.context.close();

  const offline = await onPhone(`Tommaso Neri ${stamp}`);
  await installed(offline.page);
  await offline.page.goto('/youth/projects');
  await expect(offline.page.getByRole('heading', { name: 'Corvetto decide' })).toBeVisible();
  await offline.context.setOffline(true);
  await ballot(offline.page, ['Aula studio aperta il sabato', 'Orto in cortile', 'Sportello ascolto tra pari']);
  await expect(offline.page.getByText(/Modifiche in attesa di invio: 1/)).toBeVisible();
  await offline.context.setOffline(false);
  await expect(offline.page.getByText(/Modifiche in attesa di invio/)).toHaveCount(0, { timeout: 20_000 });
  const me = (await (await offline.page.request.get('/api/me')).json()).me as { id: string };
  const pulled = await (await offline.page.request.get(`/api/sync/pull?userId=${me.id}&clientId=${crypto.randomUUID()}`)).json();
  const rounds = pulled.changes.find((c: { entity: string }) => c.entity === 'rounds').data.rounds as {
    title: { it: string };
    myBallot: string[] | null;
  }[];
  expect(rounds.find((r) => r.title.it === 'Corvetto decide')!.myBallot).toHaveLength(3);
  await offline.context.close();

  // Yusuf votes at the kiosk with his card: the kiosk speaks his Arabic.
  await signInWithCard(kiosk.page, DEMO_CARDS.YUSUF);
  await expect(kiosk.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await kiosk.page.getByRole('button', { name: 'المشاريع الصغيرة' }).click();
  const decide = kiosk.page.locator('section', { has: kiosk.page.getByRole('heading', { name: 'كورفيتو يقرر' }) });
  await decide.getByRole('button', { name: /صوّت على المشاريع|غيّر صوتك/ }).click();
  for (const title of ['جدارية لساحة غابرييلي روزا', 'قاعة دراسة مفتوحة أيام السبت'])
    await kiosk.page.getByRole('checkbox', { name: new RegExp(title) }).check();
  await expectAccessible(kiosk.page);
  await kiosk.page.getByRole('button', { name: /^صوّت$|غيّر صوتك/ }).click();
  await expect(kiosk.page.getByRole('status').filter({ hasText: 'تم تسجيل صوتك' })).toBeVisible();
  await expect(decide.getByText('صوّتَّ لـ2 مشاريع.')).toBeVisible();
  await kiosk.page.getByRole('button', { name: 'انتهيت' }).click();
  await kiosk.context.close();

  // Last season's round at Giambellino: its results explain every project, and who took part.
  const { context: public_, page: anyone } = await visitor(browser, 'it');
  await anyone.goto('/hubs');
  await anyone.getByRole('link', { name: 'Hub Giambellino' }).click();
  await anyone.getByRole('link', { name: 'Vedi i risultati' }).click();
  await expect(anyone.getByRole('heading', { level: 1 })).toHaveText('Giambellino in gioco');
  await expect(anyone.getByText(/Idee proposte: \d+ · persone agli incontri di co-progettazione: \d+/)).toBeVisible();
  await expect(anyone.locator('.results > li')).toHaveCount(3);
  await expect(anyone.locator('.results > li', { hasText: 'Orto in cortile' })).toContainText('Scelto');
  // The first winner's activity: the young people who came are the ones it reached.
  await expect(anyone.locator('.results > li', { hasText: 'Aula studio aperta il sabato' })).toContainText(
    'Ragazzi raggiunti finora: 1 su 40',
  );
  await expectAccessible(anyone);
  await public_.close();

  // Its operator (who reads Arabic) confirms the garden's next milestone: the provider that carries it out is paid.
  const hub2 = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const farah = await hub2.newPage();
  await signIn(farah, 'hub2@demo.wishmi.test');
  await farah.waitForURL('**/hub');
  const budget = async () => (await (await farah.request.get('/api/hub/budget')).json()).budget as { paid: number; committed: number };
  const before = await budget();
  const { rounds: hubRounds } = (await (await farah.request.get('/api/hub/rounds')).json()) as {
    rounds: { id: string; hubId: string; title: { it: string } }[];
  };
  const past = hubRounds.find((r) => r.title.it === 'Giambellino in gioco')!;
  await farah.goto(`/hub/projects/round?id=${past.id}`);
  await expect(farah.locator('html')).toHaveAttribute('dir', 'rtl');
  const garden = farah.locator('section[aria-labelledby="projects-title"] .ideas > li', { hasText: 'حديقة في الفناء' });
  await garden.getByLabel(/كيف سارت المرحلة/).fill('صناديق الزراعة جاهزة وزرع عشرون شابًا البذور.');
  await expectAccessible(farah);
  await garden.getByRole('button', { name: /أكّد المرحلة \d من «حديقة في الفناء» وادفع/ }).click();
  await expect(farah.getByRole('status').first()).toBeVisible();
  await expect.poll(async () => (await budget()).paid).toBe(before.paid + 900_00);
  const after = await budget();
  expect(after.committed).toBe(before.committed - 900_00);
  await farah.goto('/hub/projects');
  const paidHere = farah
    .locator('dl.figures div', { has: farah.locator('dt', { hasText: 'المدفوع' }) })
    .locator('dd')
    .first();
  await expect.poll(async () => cents(await paidHere.textContent())).toBe(after.paid);
  await expectAccessible(farah);
  await hub2.close();

  const provider = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const paolo = await provider.newPage();
  await signIn(paolo, 'provider@demo.wishmi.test');
  await paolo.waitForURL('**/provider');
  const carried = paolo.locator('section[aria-labelledby="carried-title"] li', { hasText: 'Orto in cortile' });
  await expect(carried).toContainText('Hub Giambellino');
  const paidToProvider = cents((await carried.textContent())!.match(/Pagati ([\d.,]+)/)![1]);
  const confirmed = Number((await carried.textContent())!.match(/tappe confermate: (\d)/)![1]);
  expect(paidToProvider).toBe(900_00 * confirmed);
  await provider.close();

  const city = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
  const admin = await city.newPage();
  await signIn(admin, 'admin@demo.wishmi.test');
  await admin.waitForURL('**/city');
  await admin.goto(`/city/hubs/view?id=${past.hubId}`);
  const cityBudget = admin.locator('section[aria-labelledby="hub-budget-title"]');
  const paidThere = cityBudget.locator('dl.figures div', { has: admin.locator('dt', { hasText: 'Pagato' }) }).locator('dd');
  await expect.poll(async () => cents(await paidThere.textContent())).toBe(after.paid);
  const committedThere = cityBudget
    .locator('dl.figures div', { has: admin.locator('dt', { hasText: 'Impegnato per i progetti' }) })
    .locator('dd');
  expect(cents(await committedThere.textContent())).toBe(after.committed);
  await city.close();
});
