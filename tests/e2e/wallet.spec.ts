import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, watchProblems } from './support';

test('a guardian sees the voucher: what is available, what is held and for what, the deadline, the history', async ({ page }) => {
  const problems = watchProblems(page);
  await signIn(page, 'guardian@demo.wishmi.test');
  await expect(page).toHaveURL('/family');
  // The home shows what can still be spent: 400 € granted, 50 € paid, 120 € held.
  await expect(page.getByText('230,00 €')).toBeVisible();
  await page.getByRole('link', { name: 'Portafoglio', exact: true }).click();
  await expect(page).toHaveURL('/family/wallet');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Il portafoglio');
  const voucher = page.getByRole('region', { name: 'Voucher della famiglia' });
  await expect(voucher.getByText('230,00 €')).toBeVisible();
  await expect(voucher.getByText('350,00 €')).toBeVisible();
  await expect(voucher.getByText('120,00 € · Nuoto per ragazzi')).toBeVisible();
  await expect(voucher.getByText(/Da spendere entro il 30 giugno \d{4}: mancano \d+ giorni/)).toBeVisible();
  const history = page.getByRole('region', { name: 'Movimenti' });
  await expect(history.getByText('Prenotazione in attesa: Nuoto per ragazzi')).toBeVisible();
  await expect(history.getByText('Attività pagata: Sport e alimentazione')).toBeVisible();
  await expect(history.getByText('Voucher assegnato dal Comune')).toBeVisible();
  await expect(history.getByText('+400,00 €')).toBeVisible();
  await expectAccessible(page);
  expect(problems).toEqual([]);
});

test('the wallet reads right to left in Arabic, with the activity named in Arabic', async ({ page }) => {
  await signIn(page, 'guardian@demo.wishmi.test');
  await expect(page).toHaveURL('/family');
  // This device's language only: other tests sign in to this account at the same time, in Italian.
  await page.evaluate(() => localStorage.setItem('PARAGLIDE_LOCALE', 'ar'));
  await page.goto('/family/wallet');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('المحفظة');
  await expect(page.getByText('السباحة للأطفال').first()).toBeVisible();
  await expectAccessible(page);
});

test('a youth sees their credits and the household voucher', async ({ page }) => {
  await signIn(page, 'youth@demo.wishmi.test');
  await expect(page).toHaveURL('/youth');
  await expect(page.locator('.stat').getByText('100 crediti')).toBeVisible();
  await page.getByRole('link', { name: 'Apri il portafoglio' }).click();
  await expect(page.getByRole('region', { name: 'I miei crediti' }).getByText('100 crediti').first()).toBeVisible();
  await expect(page.getByText('Crediti di benvenuto')).toBeVisible();
  await expectAccessible(page);
});

test('the city sees the ledger, every check passing, funds the programme once, and finds the transfer', async ({ page }) => {
  await signIn(page, 'admin@demo.wishmi.test');
  await expect(page).toHaveURL('/city');
  await page.getByRole('link', { name: 'Contabilità' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contabilità del programma');
  await expect(page.getByText('ERRORE')).toHaveCount(0);
  await expect(page.getByText('OK', { exact: true })).toHaveCount(5);
  await expectAccessible(page);

  await page.getByLabel('Importo in euro').fill('1.000,00');
  await page.getByRole('button', { name: 'Versa nel budget' }).click();
  await expect(page.locator('#fund-amount-error')).toHaveText('Scrivi un importo in euro maggiore di zero, ad esempio 120 o 120,50.');
  await page.getByLabel('Importo in euro').fill('1500,50');
  await page.getByRole('button', { name: 'Versa nel budget' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Fondi versati nel budget del programma.' })).toBeVisible();

  await page.locator('#search-code').selectOption('funding');
  await page.getByRole('button', { name: 'Cerca' }).click();
  const results = page.getByRole('region', { name: 'Cerca movimenti' });
  // Other tests' families book meanwhile (holds made by users) and the city opens calls and funds hubs
  // (their budgets funded from the programme's): once the search applies, every line a person made into
  // the programme is this one.
  const byPeople = results
    .getByRole('row')
    .filter({ hasText: /user:/ })
    .filter({ hasNotText: 'Budget del bando' })
    .filter({ hasNotText: 'Budget collettivo dell’hub' });
  await expect(byPeople.filter({ hasNotText: '1500,50 €' })).toHaveCount(0);
  await expect(byPeople.first()).toContainText('1500,50 €');
  await expectAccessible(page);
});
