import { expect, test } from '@playwright/test';
import { expectAccessible, installed, signIn } from './support';

test('a guardian finds a sport activity near home in Arabic, for her son, and opens it', async ({ page }) => {
  // Arabic on this device only: the demo account's own language stays as other tests expect it.
  await page.addInitScript(() => localStorage.setItem('PARAGLIDE_LOCALE', 'ar'));
  await signIn(page, 'guardian@demo.wishmi.test');
  await page.waitForURL('**/family');
  await page.getByRole('link', { name: 'الأنشطة' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByText('الأنشطة التي وُجدت: 12')).toBeVisible();

  await page.getByLabel('رياضة').check();
  await page.locator('#origin').selectOption('home');
  await page.locator('#within').selectOption('5');
  await page.locator('#sort').selectOption('distance');
  const titles = page.locator('.results h2');
  // Both meet at the same sports centre, about 2 km from the middle of Municipio 6.
  await expect(titles).toHaveCount(2);
  expect((await titles.allTextContents()).sort()).toEqual(['السباحة للأطفال', 'كرة السلة في الحديقة']);
  await expect(page.locator('.results').getByText(/على بعد 2[.,]\d كم/).first()).toBeVisible();

  // Omar is 9: basketball (11-17) is not for him.
  await page.locator('#age').selectOption({ label: 'Omar Haddad (9 سنة)' });
  await expect(titles).toHaveText(['السباحة للأطفال']);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'السباحة للأطفال' }).click();
  await expect(page.locator('article h1')).toHaveText('السباحة للأطفال');
  await expect(page.getByText('عشرة دروس في المسبح مع مدربين مؤهلين.')).toBeVisible();
  await expect(page.locator('article table tr')).toHaveCount(16);
  await expect(page.locator('article table').getByText('الأماكن الشاغرة: 12').first()).toBeVisible();
  await expectAccessible(page);

  // Back to the search: the family finds its filters as it left them.
  await page.getByRole('link', { name: 'العودة إلى البحث' }).click();
  await expect(page.getByLabel('رياضة')).toBeChecked();
  await expect(titles).toHaveText(['السباحة للأطفال']);
});

test('a youth searches the catalogue with no network, as she types', async ({ page, context }) => {
  await signIn(page, 'youth@demo.wishmi.test');
  await page.waitForURL('**/youth');
  await page.getByRole('link', { name: 'Attività' }).click();
  await expect(page.getByText('Attività trovate: 12')).toBeVisible();
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
  await expect(page.getByText('Attività trovate: 12')).toBeVisible();
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
  await page.goto('/youth/activities');
  await expect(page.getByText('Attività trovate: 12')).toBeVisible();
  await expect(page.locator('#q')).toHaveValue('');
});
