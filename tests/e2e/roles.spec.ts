import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, watchProblems } from './support';

const ROLES = [
  { email: 'guardian@demo.wishmi.test', home: '/family', heading: 'Ciao, Amina Haddad', shows: 'Sara Haddad' },
  { email: 'youth@demo.wishmi.test', home: '/youth', heading: 'Ciao, Sara Haddad', shows: 'Amina Haddad' },
  { email: 'provider@demo.wishmi.test', home: '/provider', heading: 'Polisportiva Navigli', shows: 'Nuoto per ragazzi' },
  { email: 'hub@demo.wishmi.test', home: '/hub', heading: 'Hub Corvetto', shows: 'Minori nel municipio' },
  { email: 'admin@demo.wishmi.test', home: '/city', heading: 'Il programma in città', shows: 'Municipio 9' },
];

for (const role of ROLES) {
  test(`${role.email} signs in, lands on their home, and signs out`, async ({ page }) => {
    const problems = watchProblems(page);
    await signIn(page, role.email);
    await expect(page).toHaveURL(role.home);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(role.heading);
    // What the home reads from the device's first sync (the youth's family card) can take a while on a
    // busy two-core machine running two browsers: it once took more than the default five seconds in CI.
    await expect(page.getByText(role.shows).first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('navigation', { name: 'Menu principale' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Esci' }).click();
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('link', { name: 'Accedi' })).toBeVisible();
    // Signed out for real: the home is closed again.
    await page.goto(role.home);
    await expect(page).toHaveURL(/\/login\?next=/);
    expect(problems).toEqual([]);
  });
}

test('a signed-in person sent to another role’s page goes back to their own home', async ({ page }) => {
  await signIn(page, 'youth@demo.wishmi.test');
  await expect(page).toHaveURL('/youth');
  await page.goto('/city');
  await expect(page).toHaveURL('/youth');
});

test('a wrong password is refused with a clear message and no sign-in', async ({ page }) => {
  await signIn(page, 'guardian@demo.wishmi.test', 'not the right one');
  await expect(page.getByRole('alert')).toHaveText('Email o password non corretti.');
  await expect(page).toHaveURL('/login');
  await expectAccessible(page);
});

test('a session that ends elsewhere sends the person to sign in, and back to where they were going', async ({ page }) => {
  await signIn(page, 'guardian@demo.wishmi.test');
  await expect(page).toHaveURL('/family');
  await expect(page.getByText('Sara Haddad').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  // Signed out from another tab: the cookie this page relies on is gone.
  expect((await page.request.post('/api/auth/logout', { data: {} })).status()).toBe(200);
  await page.getByRole('link', { name: 'Famiglia', exact: true }).click();
  await expect(page).toHaveURL('/login?next=%2Ffamily%2Fhousehold');
  await page.locator('#email').fill('guardian@demo.wishmi.test');
  await page.locator('#password').fill('wishmi-demo-2026');
  await page.locator('#password-sign-in button[type="submit"]').click();
  await expect(page).toHaveURL('/family/household');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('La famiglia');
});
