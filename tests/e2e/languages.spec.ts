import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, watchProblems, chooseLanguage } from './support';

test('the app opens in Italian and switches to each language, Arabic right to left', async ({ page }) => {
  const problems = watchProblems(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Benessere per ragazze e ragazzi di Milano');
  await expectAccessible(page);

  const expected = {
    en: 'Wellbeing for Milan’s young people',
    ar: 'رفاه شباب ميلانو',
    zh: '米兰青少年福祉',
    es: 'Bienestar para chicas y chicos de Milán',
  };
  for (const [locale, heading] of Object.entries(expected)) {
    await chooseLanguage(page, locale);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expectAccessible(page);
  }
  expect(problems).toEqual([]);
});

test('a guardian reads every page in Arabic, laid out right to left, and the choice is saved', async ({ page }) => {
  await signIn(page, 'guardian2@demo.wishmi.test');
  await expect(page).toHaveURL('/family');
  await chooseLanguage(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('مرحبًا، Lucia Bianchi');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'الأسرة', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الأسرة');
  await expect(page.getByText('Marco Bianchi')).toBeVisible();
  await expectAccessible(page);

  // Saved to the account, so signing in on another device opens in Arabic too.
  const me = await page.request.get('/api/me');
  expect((await me.json()).me.language).toBe('ar');
});

test('server errors arrive in the page’s language', async ({ page }) => {
  await page.goto('/login');
  await chooseLanguage(page, 'es');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Iniciar sesión');
  await page.locator('#email').fill('nobody@example.com');
  await page.locator('#password').fill('whatever it is');
  await page.locator('#password-sign-in button[type="submit"]').click();
  await expect(page.getByRole('alert')).toHaveText('Correo o contraseña incorrectos.');
});

test('an unknown page says so, in the reader’s language, with a way home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina non trovata');
  await expect(page.getByRole('link', { name: 'Torna alla pagina iniziale' })).toBeVisible();
  await expectAccessible(page);
});

test('a device set to Arabic paints right to left from the first byte, before the app’s scripts arrive', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'ar'));
  // The app's scripts never arrive (a very slow network): what shows is the page's shell alone.
  await page.route('**/_app/immutable/**', (route) => route.abort());
  await page.goto('/youth');
  await expect(page.locator('#boot')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
});
