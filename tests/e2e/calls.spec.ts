import { expect, test, type Page } from '@playwright/test';
import { addChild, bornYearsAgo, chooseLanguage, expectAccessible, installed, registerFamily, signIn } from './support';

const SECOND_MS = 1000;
const DAY_MS = 86_400_000;

/** A call as the city sends it: Milan's bands, a budget for one voucher, applications closing in `closesInMs`, no grace. */
function callInput(closesInMs: number) {
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const text = (it: string, es: string) => ({ it, en: '', ar: '', zh: '', es });
  return {
    name: text(`Voucher d’inverno ${Date.now()}`, `Bono de invierno ${Date.now()}`),
    description: text(
      'Un voucher per le attività dei figli durante l’inverno.',
      'Un bono para las actividades de los hijos durante el invierno.',
    ),
    budgetCents: 400_00,
    opensAt: at(-60 * SECOND_MS),
    closesAt: at(closesInMs),
    // Ten days to spend it: the family home reminds them (less than a month left).
    spendingDeadline: at(10 * DAY_MS),
    graceHours: 0,
    rules: {
      iseeCeilingCents: 27_000_00,
      bands: [
        { belowCents: 10_000_00, amountCents: 400_00 },
        { belowCents: 16_000_00, amountCents: 300_00 },
        { belowCents: 22_000_00, amountCents: 200_00 },
        { belowCents: 27_000_00, amountCents: 100_00 },
      ],
      per: 'household',
      minorAgeMin: 0,
      minorAgeMax: 17,
      points: { perDisabledMember: 10, perMinor: 2, singleParent: 5 },
      tieBreakers: ['isee_lower', 'more_minors', 'earlier_submission'],
    },
  };
}

/** Runs the call's next step on its page, confirming first, and waits for the city to be told it is done. */
async function step(admin: Page, button: string, done: RegExp) {
  await admin.getByRole('button', { name: button, exact: true }).click();
  const confirm = admin.getByRole('alertdialog');
  await expect(confirm).toBeFocused();
  await confirm.getByRole('button', { name: 'Sì, procedi' }).click();
  await expect(admin.getByRole('status').filter({ hasText: done })).toBeVisible();
}

test('a Spanish-speaking guardian applies offline, the city ranks and allocates, and the family sees its voucher and deadline', async ({
  page,
  browser,
  context,
}) => {
  test.setTimeout(180_000);

  // A family of its own with one child, reading the app in Spanish (chosen with the language switch).
  await registerFamily(page, 'Rosa Quispe', 5);
  await page.goto('/family/household');
  await addChild(page, 'Mateo Quispe', bornYearsAgo(10));
  await expect(page.getByText('Modifiche in attesa di invio')).toHaveCount(0, { timeout: 15_000 });
  await chooseLanguage(page, 'es');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await installed(page);

  // The city opens a call whose applications close half a minute from now, with no grace.
  const city = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
  const admin = await city.newPage();
  await admin.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  await signIn(admin, 'admin@demo.wishmi.test');
  await admin.waitForURL('**/city');
  const input = callInput(30 * SECOND_MS);
  const created = await admin.request.post('/api/city/calls', { data: input });
  expect(created.status()).toBe(201);
  const { call } = (await created.json()) as { call: { id: string; closesAt: string } };

  // The family finds it among the open calls, then loses the signal.
  await page.getByRole('link', { name: 'Convocatorias' }).click();
  const card = page.getByRole('listitem').filter({ hasText: input.name.es });
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page);
  await context.setOffline(true);
  await card.getByRole('link', { name: /^Solicitar/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(input.name.es);

  // What is typed stays on the phone: the app reopened with no network gives it back.
  await page.locator('#isee').fill('8.250,00');
  await page.locator('#dsu').fill('INPS-ISEE-2026-12345678A-00');
  await page.locator('#disabled-adults').selectOption('1');
  await expect(page.getByText(/Con este ISEE tu bono sería de/)).toContainText(/400,00\s€/);
  // Priority points as the city will count them: a child (2) and an adult with a disability (10).
  await expect(page.getByText('Puntos de prioridad: 12')).toBeVisible();
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Hemos guardado lo que escribiste' })).toBeVisible();
  await expect(page.locator('#isee')).toHaveValue('8.250,00');
  await expect(page.locator('#dsu')).toHaveValue('INPS-ISEE-2026-12345678A-00');
  await expect(page.locator('#disabled-adults')).toHaveValue('1');

  await page.getByRole('checkbox', { name: /^Vivimos en Milán/ }).check();
  await page.getByRole('radiogroup').getByRole('radio', { name: 'Sí' }).check();
  await expect(page.getByText('Puntos de prioridad: 17')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Confirmo y doy mi consentimiento' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Enviar la solicitud' }).click();

  // Sent with no network: shown at once as waiting to be sent.
  await page.waitForURL(`**/family/calls/view?id=${call.id}`);
  await expect(page.locator('.status .badge')).toHaveText('Presentada — pendiente de envío');
  await expect(page.getByText('Cambios pendientes de envío: 1')).toBeVisible();
  await expectAccessible(page);

  // Back online before the call closes: it goes, and the server has it.
  await context.setOffline(false);
  await expect(page.locator('.status .badge')).toHaveText('Enviada', { timeout: 15_000 });
  await expect(page.getByText(/Cambios pendientes de envío/)).toHaveCount(0);
  expect(Date.now()).toBeLessThan(Date.parse(call.closesAt));

  // The city closes (once the window has passed), ranks, publishes and allocates, on the call's page.
  await admin.goto(`/city/calls/view?id=${call.id}`);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(input.name.it);
  await expectAccessible(admin);
  await admin.waitForTimeout(Math.max(0, Date.parse(call.closesAt) - Date.now() + SECOND_MS));
  await step(admin, 'Chiudi le domande', /Domande ricevute: 1\./);
  await step(admin, 'Fai la graduatoria', /1 ammesse, 0 escluse/);
  const line = admin.locator('section[aria-labelledby="review-title"]').getByRole('row').filter({ hasText: 'Municipio 5' });
  await expect(line.getByRole('cell').nth(1)).toHaveText('Ammessa');
  await expectAccessible(admin);

  // Before publishing, the city may exclude an application, saying why, and take it back.
  await line.getByRole('button', { name: /^Escludi/ }).click();
  const dialog = admin.getByRole('dialog', { name: /^Escludi la domanda/ });
  await expect(dialog.getByRole('textbox', { name: 'Motivo' })).toBeFocused();
  await dialog.getByRole('textbox', { name: 'Motivo' }).fill('No');
  await dialog.getByRole('button', { name: 'Escludi' }).click();
  await expect(dialog.getByText('Scrivi il motivo (da 5 a 500 caratteri): la famiglia lo leggerà.')).toBeVisible();
  await expectAccessible(admin);
  await dialog.getByRole('textbox', { name: 'Motivo' }).fill('La DSU indicata non corrisponde a quella dell’INPS.');
  await dialog.getByRole('button', { name: 'Escludi' }).click();
  await expect(dialog).toBeHidden();
  await expect(line.getByRole('cell').nth(1)).toContainText('Esclusa dopo la verifica del Comune.');
  await line.getByRole('button', { name: /^Riammetti/ }).click();
  await expect(admin.getByRole('status').filter({ hasText: /riammessa/ })).toBeVisible();
  await expect(line.getByRole('cell').nth(1)).toHaveText('Ammessa');
  await step(admin, 'Pubblica la graduatoria', /Graduatoria pubblicata/);
  await step(admin, 'Assegna i voucher', /1 famiglie finanziate \(400,00\s€\), 0 in lista d’attesa/);
  await expect(admin.getByText('I conti tornano')).toBeVisible();
  await expect(line.getByRole('button', { name: /Revoca il voucher/ })).toBeVisible();
  await expectAccessible(admin);
  await city.close();

  // The family sees the voucher, its amount and how long is left to spend it…
  await page.reload();
  await expect(page.locator('.status .badge')).toHaveText('Financiada: bono asignado', { timeout: 15_000 });
  const voucher = page.locator('section[aria-labelledby="voucher-title"]');
  await expect(voucher.locator('.stat')).toHaveText('400,00 €');
  await expect(voucher.locator('.deadline')).toContainText(/quedan (9|10) días/);
  await expect(page.getByText(/está en el puesto 1 de la clasificación/)).toBeVisible();
  await expect(page.locator('table[aria-labelledby="points-title"] tfoot td')).toHaveText('17');
  await expectAccessible(page);

  // …is reminded of it at home…
  await page.getByRole('link', { name: 'Inicio' }).click();
  const reminder = page.getByRole('note').filter({ hasText: 'Queda menos de un mes para usar tu bono' });
  await expect(reminder).toContainText(/400,00\s€/);
  await expectAccessible(page);

  // …and finds its own code marked in the public ranking.
  await page.goto(`/calls/ranking?id=${call.id}`);
  await expect(page.locator('tr[aria-current="true"]')).toContainText('tu código');
  await expectAccessible(page);

  // A voucher not needed can be given up while nothing of it is spent: asked first, then done.
  await page.goto(`/family/calls/view?id=${call.id}`);
  await page.getByRole('button', { name: 'Renunciar al bono' }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toBeFocused();
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Sí, renuncio' }).click();
  await expect(page.locator('.status .badge')).toHaveText(/Renuncia — pendiente de envío|Bono rechazado/);
  await expect(page.locator('.status .badge')).toHaveText('Bono rechazado', { timeout: 15_000 });
  await expect(page.getByText('Has renunciado al bono.')).toBeVisible();

  // The family pages read right to left in Arabic, and pass the same checks.
  await chooseLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expectAccessible(page);
  for (const path of ['/family', '/family/calls', `/family/calls/view?id=${call.id}`]) {
    await page.goto(path);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.locator('main .loading')).toHaveCount(0);
    await expectAccessible(page);
  }
  // The demo's summer call is still open: its form, in Arabic.
  await page.goto('/family/calls');
  await page
    .getByRole('link', { name: /^قدّم طلبًا/ })
    .first()
    .click();
  await expect(page.locator('#isee')).toBeVisible();
  await expectAccessible(page);
});

test('the city creates a call with the form, checked as it types, and finds it in the list', async ({ page }) => {
  await signIn(page, 'admin@demo.wishmi.test');
  await page.waitForURL('**/city');
  await page.getByRole('link', { name: 'Bandi', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bandi voucher');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Nuovo bando' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nuovo bando');

  // Sent empty: each problem next to its field, the first one focused.
  await page.getByRole('button', { name: 'Apri il bando' }).click();
  await expect(page.locator('#name-it')).toBeFocused();
  await expect(page.getByText('Il nome del bando (in italiano) deve avere da 3 a 120 caratteri.')).toBeVisible();
  await expect(page.getByText('Scrivi il budget in euro, più di zero.')).toBeVisible();
  await expectAccessible(page);

  // A band that goes down instead of up is named as it is typed.
  await page.locator('#band-1-below').fill('5000');
  await expect(page.getByText('Le fasce ISEE devono salire in ordine, ognuna con un importo.')).toBeVisible();
  await page.locator('#band-1-below').fill('16000');
  await expect(page.getByText('Le fasce ISEE devono salire in ordine, ognuna con un importo.')).toHaveCount(0);

  const name = `Bando di prova ${Date.now()}`;
  await page.locator('#name-it').fill(name);
  await page.locator('#description-it').fill('Un bando per provare il modulo della città.');
  await page.locator('#budget').fill('1.000');
  await page.locator('#grace-hours').fill('24');
  await page.locator('#points-single').fill('8');
  // Tie-breakers in another order: more minors first.
  await page.getByRole('button', { name: 'Su — Più minori prima' }).click();
  await page.getByRole('button', { name: 'Apri il bando' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByText('Domande aperte', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Chiudi le domande' })).toBeVisible();
  await expectAccessible(page);
  // What was typed is what the city keeps: euros as cents, the hours, the points, the order of the tie-breakers.
  const id = new URL(page.url()).searchParams.get('id');
  const { call } = await (await page.request.get(`/api/city/calls/${id}`)).json();
  expect(call).toMatchObject({
    budgetCents: 1000_00,
    graceHours: 24,
    rules: { points: { singleParent: 8 }, tieBreakers: ['more_minors', 'isee_lower', 'earlier_submission'] },
  });
  await page.getByRole('link', { name: 'Tutti i bandi' }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText(/1000,00\s€/);
});
