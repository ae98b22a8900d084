import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, installed, publishedOffers, signIn, watchProblems } from './support';

/** The list shows this many results, then a button for more. */
const LIST_PAGE = 20;

/**
 * The activities of the catalogue, as the guardian opens them, and what the tests expect of them: how
 * many there are, in all and at each of the demo's places.
 */
async function openActivities(page: Page, locale = 'it') {
  await page.addInitScript((chosen) => localStorage.setItem('PARAGLIDE_LOCALE', chosen), locale);
  await signIn(page, 'guardian@demo.wishmi.test');
  await page.waitForURL('**/family');
  const offers = await publishedOffers(page.request);
  await page.goto('/family/activities');
  const at = (address: string) => offers.filter((o) => o.address === address).length;
  return {
    all: offers.length,
    sport: offers.filter((o) => o.category === 'sport').length,
    bovisa: at('Via Durando 10, Milano'),
    niguarda: at('Piazza Ospedale Maggiore 3, Milano'),
    navigli: at('Via Ludovico il Moro 11, Milano'),
  };
}

/** How many activities the map's markers stand for, together (a cluster or a place counts all of its own). */
async function offersOnMap(page: Page): Promise<number> {
  const counts = await page
    .locator('.map-marker')
    .evaluateAll((markers) => markers.map((marker) => Number((marker as HTMLElement).dataset.count)));
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Whether this browser can draw the map (WebGL 2). Some headless builds cannot: then the page must say
 * so and keep the list, which is what the caller's test proves instead of the map.
 */
async function mapDrawn(page: Page, unavailable = 'Qui la mappa non si può mostrare: ecco l’elenco.'): Promise<boolean> {
  if (await page.evaluate(() => document.createElement('canvas').getContext('webgl2') !== null)) return true;
  await expect(page.getByText(unavailable)).toBeVisible();
  await expect(page.locator('.results h2').first()).toBeVisible();
  return false;
}

test('a guardian looks for activities on the map with no map tiles, and opens one from its place', async ({ page }) => {
  const problems = watchProblems(page);
  const found = await openActivities(page);
  await expect(page.getByText(`Attività trovate: ${found.all}`)).toBeVisible();
  // The list first, as always.
  await expect(page.getByRole('radio', { name: 'Elenco' })).toBeChecked();
  await expect(page.locator('.results h2')).toHaveCount(Math.min(found.all, LIST_PAGE));

  await page.getByRole('radio', { name: 'Mappa' }).check();
  if (!(await mapDrawn(page))) return;
  const map = page.getByRole('group', { name: 'Mappa' });
  await expect(map).toBeVisible();
  await expect(page.locator('.results')).toHaveCount(0);
  // No tile style is configured for the tests and there is no network: a plain background, said politely.
  await expect(page.getByRole('status').filter({ hasText: 'Lo sfondo della mappa ora non è disponibile.' })).toBeVisible();
  await expect(map.getByRole('button', { name: /attività qui$/ }).first()).toBeVisible();
  await expect.poll(() => offersOnMap(page)).toBe(found.all);

  // Several activities share a place in Bovisa: its button lists them under the map.
  await map.getByRole('button', { name: `${found.bovisa} attività qui` }).click();
  const chosen = page.locator('.selection');
  await expect(chosen.locator('.results h2')).toHaveCount(found.bovisa);
  await expect(chosen.locator('.count')).toBeFocused();
  await expect(chosen.locator('.count')).toHaveText(new RegExp(`^${found.bovisa} attività qui · `));
  await expectAccessible(page);

  // Further out, the two places in the north (Bovisa's and Niguarda's) join into one cluster;
  // pressing it zooms back in until they part.
  const zoomOut = map.getByRole('button', { name: 'Allontana' });
  const cluster = map.getByRole('button', { name: `${found.bovisa + found.niguarda} attività qui` });
  for (let i = 0; i < 6 && (await cluster.count()) === 0; i++) {
    await zoomOut.click();
    await page.waitForTimeout(400);
  }
  await expect(cluster).toHaveClass(/cluster/);
  expect(await offersOnMap(page)).toBe(found.all);
  await cluster.click();
  await expect(map.getByRole('button', { name: `${found.bovisa} attività qui` })).toBeVisible();
  await expect(map.getByRole('button', { name: `${found.niguarda} attività qui` })).toBeVisible();
  await expect(cluster).toHaveCount(0);

  // The place chosen is still listed under the map.
  await chosen.getByRole('link', { name: 'Robotica creativa' }).click();
  await expect(page.locator('article h1')).toHaveText('Robotica creativa');
  expect(problems).toEqual([]);
});

test('the map shows what the filters find, as the list does, and is kept for the visit', async ({ page }) => {
  const found = await openActivities(page);
  await page.getByRole('radio', { name: 'Mappa' }).check();
  if (!(await mapDrawn(page))) return;
  const map = page.getByRole('group', { name: 'Mappa' });
  await expect.poll(() => offersOnMap(page)).toBe(found.all);

  // Sport: the activities at the sports centre by the Navigli, all on its one marker.
  await page.getByLabel('Sport').check();
  await expect(page.getByText(`Attività trovate: ${found.sport}`)).toBeVisible();
  await expect(map.getByRole('button', { name: `${found.sport} attività qui` })).toBeVisible();
  await expect.poll(() => offersOnMap(page)).toBe(found.sport);

  // One activity left: its marker carries its name, and leads to it.
  await page.locator('#q').fill('nuoto');
  await expect(page.getByText('Attività trovate: 1')).toBeVisible();
  await expect.poll(() => offersOnMap(page)).toBe(1);
  await map.getByRole('button', { name: 'Nuoto per ragazzi' }).click();
  const link = page.locator('.selection').getByRole('link', { name: 'Nuoto per ragazzi' });
  await expect(link).toBeFocused();

  // Nothing found: no empty map, the same words as the list.
  await page.locator('#q').fill('nessuna attività si chiama così');
  await expect(page.getByText('Nessuna attività con questi filtri.')).toBeVisible();
  await expect(map).toHaveCount(0);

  // Back from an activity, or after a reload, the map is still the chosen view.
  await page.locator('#q').fill('nuoto');
  await map.getByRole('button', { name: 'Nuoto per ragazzi' }).click();
  await link.click();
  await expect(page.locator('article h1')).toHaveText('Nuoto per ragazzi');
  await page.goBack();
  await expect(page.getByRole('radio', { name: 'Mappa' })).toBeChecked();
  await expect.poll(() => offersOnMap(page)).toBe(1);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Mappa' })).toBeChecked();
  await page.getByRole('radio', { name: 'Elenco' }).check();
  await expect(page.locator('.results h2')).toHaveText(['Nuoto per ragazzi']);
  await expect(map).toHaveCount(0);
});

test('in Arabic the map reads right to left, and axe finds nothing wrong', async ({ page }) => {
  const found = await openActivities(page, 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByRole('radio', { name: 'خريطة' }).check();
  if (!(await mapDrawn(page, 'لا يمكن عرض الخريطة هنا، وإليك القائمة.'))) return;
  const map = page.getByRole('group', { name: 'خريطة' });
  await expect(page.getByText('خلفية الخريطة غير متاحة الآن.')).toBeVisible();
  await expect(map.getByRole('button', { name: 'تكبير' })).toBeVisible();
  await expect.poll(() => offersOnMap(page)).toBe(found.all);
  // The zoom buttons sit at the start of the line, top left in Arabic.
  const box = (await map.boundingBox())!;
  const zoomIn = (await map.getByRole('button', { name: 'تكبير' }).boundingBox())!;
  expect(zoomIn.x - box.x).toBeLessThan(box.width / 2);
  await expectAccessible(page);
});

test('the installed app opens the map with no network, from the copy on the phone', async ({ page, context }) => {
  const found = await openActivities(page);
  await expect(page.getByText(`Attività trovate: ${found.all}`)).toBeVisible();
  // The map's code is part of what the installed app keeps.
  await installed(page);
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('radio', { name: 'Mappa' }).check();
  if (!(await mapDrawn(page))) return;
  await expect(page.getByText('Lo sfondo della mappa ora non è disponibile.')).toBeVisible();
  await expect.poll(() => offersOnMap(page)).toBe(found.all);
  await page
    .getByRole('group', { name: 'Mappa' })
    .getByRole('button', { name: `${found.navigli} attività qui` })
    .first()
    .click();
  await expect(page.locator('.selection .results h2')).toHaveCount(found.navigli);
  await context.setOffline(false);
});

test('on a device without WebGL the map says so and the list stays', async ({ page }) => {
  // As on an old phone or a locked-down browser: no WebGL context can be made.
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return /webgl/.test(type) ? null : getContext.call(this, type as '2d', ...(rest as []));
    } as typeof getContext;
  });
  const found = await openActivities(page);
  await page.getByRole('radio', { name: 'Mappa' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Qui la mappa non si può mostrare: ecco l’elenco.' })).toBeVisible();
  await expect(page.locator('.results h2')).toHaveCount(Math.min(found.all, LIST_PAGE));
  await page.getByLabel('Sport').check();
  await expect(page.locator('.results h2')).toHaveCount(found.sport);
  await expectAccessible(page);
  await page.locator('.results').getByRole('link', { name: 'Basket al parco' }).click();
  await expect(page.locator('article h1')).toHaveText('Basket al parco');
});
