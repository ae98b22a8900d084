import { devices, expect, test, type Page } from '@playwright/test';
import { expectAccessible, installed, signIn } from './support';

/** An amount as the page writes it in a language (Arabic digits in Arabic): the browser's own formatting. */
const money = (page: Page, locale: string, euros: number) =>
  page.evaluate(([l, n]) => new Intl.NumberFormat(l as string, { style: 'currency', currency: 'EUR' }).format(n as number), [
    locale,
    euros,
  ] as const);

test('an Arabic-speaking guardian finds sport near home, books it with the voucher, the provider scans it offline, the city pays, and every balance is right', async ({
  page,
  browser,
}) => {
  // Three people on three devices, one of them offline for a while.
  test.slow();
  // Karima's account is in Arabic: signing in opens the app in her language.
  await signIn(page, 'guardian3@demo.wishmi.test');
  await page.waitForURL('**/family');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const vouchers = page.locator('section[aria-labelledby="vouchers-title"]');
  await expect(vouchers.getByText(await money(page, 'ar', 300))).toBeVisible();

  // Sport within 5 km of home (Municipio 6), for Yusuf, 13.
  await page.getByRole('link', { name: 'الأنشطة' }).click();
  await page.getByLabel('رياضة').check();
  await page.locator('#origin').selectOption('home');
  await page.locator('#within').selectOption('5');
  await page.locator('#age').selectOption({ label: 'Yusuf El Idrissi (13 سنة)' });
  const titles = page.locator('.results h2');
  await expect(titles).toHaveCount(2);
  expect((await titles.allTextContents()).sort()).toEqual(['السباحة للأطفال', 'كرة السلة في الحديقة']);
  await expectAccessible(page);

  // Today's basketball (the demo has a session within the hour: its code may be scanned now).
  await page.getByRole('link', { name: 'كرة السلة في الحديقة' }).click();
  await page.getByRole('button', { name: /^احجز/ }).first().click();
  await expect(page.locator('#book-child option')).toHaveText(['Yusuf El Idrissi (13 سنة)']);
  const form = page.locator('form.book');
  // 80 € of the 300 € voucher; nothing for the family to pay.
  await expect(form.getByText(await money(page, 'ar', 80))).toBeVisible();
  await expectAccessible(page);
  await form.getByRole('button', { name: 'تأكيد الحجز' }).click();

  await page.waitForURL('**/family/bookings');
  const card = page.locator('li.booking').filter({ hasText: 'كرة السلة في الحديقة' }).filter({ hasText: 'مؤكد' });
  await expect(card).toHaveCount(1, { timeout: 15_000 });
  await expect(card.locator('dl.pay dd')).toHaveText([await money(page, 'ar', 80), await money(page, 'ar', 0)]);
  await card.getByText('اعرض الرمز للجهة').click();
  await expect(card.getByRole('img', { name: /Yusuf/ })).toBeVisible();
  const code = (await card.locator('figcaption code').textContent())!;
  await expectAccessible(page);

  // The wallet: 80 € set aside for the basketball, 220 € left to spend.
  await page.getByRole('link', { name: 'المحفظة' }).click();
  const voucher = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'قسيمة الأسرة' }) });
  await expect(voucher.locator('.available .stat')).toHaveText(await money(page, 'ar', 220));
  await expect(voucher.locator('.figures dd')).toHaveText([await money(page, 'ar', 300), await money(page, 'ar', 80)]);
  await expect(voucher.getByText(/كرة السلة في الحديقة/)).toBeVisible();

  // The provider's phone, at the sports centre, with no signal.
  const staff = await browser.newContext({ ...devices['Pixel 7'], locale: 'it-IT' });
  const scanner = await staff.newPage();
  await scanner.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  await signIn(scanner, 'provider@demo.wishmi.test');
  await scanner.waitForURL('**/provider');
  await scanner.getByRole('link', { name: 'Scansiona' }).click();
  await expect(scanner.getByRole('heading', { name: 'Scansiona le prenotazioni' })).toBeVisible();
  await installed(scanner);
  await staff.setOffline(true);

  // One byte changed: refused on the device itself.
  const forged = code.slice(0, 12) + (code[12] === 'A' ? 'B' : 'A') + code.slice(13);
  await scanner.locator('#typed-code').fill(forged);
  await scanner.getByRole('button', { name: 'Controlla il codice' }).click();
  await expect(scanner.getByRole('alert').filter({ hasText: 'Codice non valido' })).toBeVisible();

  await scanner.locator('#typed-code').fill(code);
  await scanner.getByRole('button', { name: 'Controlla il codice' }).click();
  await expect(scanner.getByRole('heading', { name: 'Prenotazione valida: Yusuf' })).toBeVisible();
  await expectAccessible(scanner);
  await scanner.getByRole('button', { name: 'Conferma la presenza' }).click();
  await expect(scanner.getByRole('heading', { name: 'Presenze registrate' })).toBeVisible();
  await expect(scanner.getByText(/Modifiche in attesa di invio: 1/)).toBeVisible();

  await staff.setOffline(false);
  await expect(scanner.getByText(/Modifiche in attesa di invio/)).toHaveCount(0, { timeout: 15_000 });
  // Shown again (a screenshot): this phone remembers it, and says so before anything is sent.
  await scanner.locator('#typed-code').fill(code);
  await scanner.getByRole('button', { name: 'Controlla il codice' }).click();
  await expect(scanner.getByRole('alert').filter({ hasText: 'Questo codice è già stato usato su questo telefono.' })).toBeVisible();

  // The family sees the booking used, and the 80 € spent rather than held.
  await page.getByRole('link', { name: 'الحجوزات' }).click();
  await expect(page.locator('li.booking').filter({ hasText: 'كرة السلة في الحديقة' }).filter({ hasText: 'مستخدم' })).toBeVisible({
    timeout: 15_000,
  });
  await page.getByRole('link', { name: 'المحفظة' }).click();
  await expect(voucher.locator('.available .stat')).toHaveText(await money(page, 'ar', 220));
  await expect(voucher.locator('.figures dd')).toHaveText([await money(page, 'ar', 220), await money(page, 'ar', 0)]);
  await expectAccessible(page);

  // The city pays the month: the demo's earlier 50 € and this 80 €.
  const city = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
  const admin = await city.newPage();
  await admin.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'it'));
  await signIn(admin, 'admin@demo.wishmi.test');
  await admin.waitForURL('**/city');
  await admin.getByRole('link', { name: 'Rimborsi' }).click();
  const row = admin.getByRole('row').filter({ hasText: 'Polisportiva Navigli' });
  await expect(row.getByRole('cell')).toHaveText(['130,00 €', '0,00 €', '130,00 €', /Segna come pagato/]);
  await row.getByRole('button', { name: /Segna come pagato/ }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'Pagamento registrato per Polisportiva Navigli.' })).toBeVisible();
  await expect(row.getByRole('cell')).toHaveText(['130,00 €', '130,00 €', 'Saldato', /Scarica/]);
  await expectAccessible(admin);
  // The books still balance: every check of the ledger passes.
  await admin.getByRole('link', { name: 'Contabilità' }).click();
  await expect(admin.getByText('OK', { exact: true })).toHaveCount(5);
  await expect(admin.getByText('ERRORE')).toHaveCount(0);
  await city.close();

  await scanner.getByRole('link', { name: 'Rimborsi' }).click();
  await expect(scanner.getByRole('row').nth(1).getByRole('cell')).toHaveText(['130,00 €', '130,00 €', 'Saldato', /./]);
  await expectAccessible(scanner);
  await staff.close();
});
