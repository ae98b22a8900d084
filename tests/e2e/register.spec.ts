import { expect, test } from '@playwright/test';
import { bornYearsAgo, expectAccessible, signIn } from './support';

test('a guardian registers, adds two children, and gives the 15-year-old her own sign-in', async ({ page }) => {
  // A whole journey over three pages and two sign-ins, with axe on each: more than the default 30 s on a busy CI machine.
  test.slow();
  const stamp = Date.now();
  const guardianEmail = `famiglia.${stamp}@example.com`;
  const youthEmail = `nadia.${stamp}@example.com`;

  await page.goto('/');
  await page.getByRole('link', { name: 'Registra la tua famiglia' }).click();
  await expect(page).toHaveURL('/register');
  await expectAccessible(page);

  // Mistakes are named beside each field before anything is sent.
  await page.getByRole('button', { name: 'Crea l’account' }).click();
  await expect(page.locator('#name-error')).toHaveText('Scrivi un nome (massimo 100 caratteri).');
  await expect(page.locator('#email-error')).toHaveText('Scrivi un indirizzo email valido, ad esempio nome@esempio.it.');
  await expect(page.locator('#name')).toBeFocused();
  await expectAccessible(page);

  await page.locator('#name').fill('Rania Mansour');
  await page.locator('#email').fill(guardianEmail);
  await page.locator('#password').fill('corta');
  await expect(page.locator('#password-error')).toHaveText('La password deve avere da 10 a 200 caratteri.');
  await page.locator('#password').fill('una frase facile da ricordare');
  await expect(page.locator('#password-error')).toHaveCount(0);
  await page.locator('#municipio').selectOption('8');
  await page.getByRole('button', { name: 'Crea l’account' }).click();

  await expect(page).toHaveURL('/family');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ciao, Rania Mansour');
  await expect(page.getByText('Non hai ancora aggiunto figli')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Aggiungi un figlio' }).click();
  await expect(page).toHaveURL('/family/household');
  await page.locator('#minor-name').fill('Nadia Mansour');
  await page.locator('#minor-birth').fill(bornYearsAgo(15));
  await page.getByRole('button', { name: 'Aggiungi un figlio' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nadia Mansour è stato aggiunto' })).toBeVisible();

  await page.locator('#minor-name').fill('Karim Mansour');
  await page.locator('#minor-birth').fill(bornYearsAgo(8));
  await page.getByLabel('Ha una disabilità riconosciuta').check();
  await page.getByRole('button', { name: 'Aggiungi un figlio' }).click();
  await expect(page.getByText('Karim Mansour', { exact: true })).toBeVisible();
  await expect(page.getByText('Accesso personale dai 14 anni')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Crea il suo accesso' }).click();
  await page.locator('#minor-email').fill(youthEmail);
  await page.locator('#minor-password').fill('la mia password segreta');
  await expectAccessible(page);
  await page
    .locator('form')
    .filter({ hasText: 'Accesso personale per Nadia Mansour' })
    .getByRole('button', { name: 'Crea il suo accesso' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: `Accesso creato: Nadia Mansour può entrare con ${youthEmail}.` })).toBeVisible();
  await expect(page.getByText(`Accesso personale: ${youthEmail}`)).toBeVisible();

  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page).toHaveURL('/');
  await signIn(page, youthEmail, 'la mia password segreta');
  await expect(page).toHaveURL('/youth');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ciao, Nadia Mansour');
  await expect(page.getByText('Rania Mansour')).toBeVisible();
});

test('registration with a taken email says so and keeps what was typed', async ({ page }) => {
  await page.goto('/register');
  await page.locator('#name').fill('Someone Else');
  await page.locator('#email').fill('guardian@demo.wishmi.test');
  await page.locator('#password').fill('una password abbastanza lunga');
  await page.locator('#municipio').selectOption('1');
  await page.getByRole('button', { name: 'Crea l’account' }).click();
  await expect(page.getByRole('alert')).toHaveText('Questa email è già registrata. Accedi, oppure usa un’altra email.');
  await expect(page.locator('#name')).toHaveValue('Someone Else');
  await expect(page).toHaveURL('/register');
});
