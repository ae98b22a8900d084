import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, watchProblems } from './support';

// What a phone fetches on its first visit, and when: every round trip waited for before the page can
// show costs a slow connection a few hundred milliseconds.

test('the youth home asks for its styles and its language with the page, once, has its scripts compiled as they arrive, and shows the whole board', async ({
  page,
  baseURL,
}) => {
  const problems = watchProblems(page);
  // Signed in from elsewhere (a link from an email, say): this browser has nothing of the app yet,
  // no service worker either, and the youth home is the first page it opens.
  const login = await page.request.post('/api/auth/login', {
    headers: { origin: baseURL! },
    data: { email: 'youth@demo.wishmi.test', password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const shell = await (await page.request.get('/youth')).text();

  let sessionAsked = 0;
  page.on('request', (request) => new URL(request.url()).pathname === '/api/auth/session' && sessionAsked++);
  await page.goto('/youth');
  await expect(page.locator('#credits-title')).toBeVisible();
  for (const part of ['#missions-title', '#badges-title', '#market-title', '#board-title', '#family-title'])
    await expect(page.locator(part)).toBeVisible();
  await expectAccessible(page);

  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname));
  // Every style the page used was named by its shell: none waited for the scripts to ask for it.
  const linked = [...shell.matchAll(/<link href="([^"]+)" rel="stylesheet">/g)].map((match) => match[1]);
  const styles = loaded.filter((path) => path.endsWith('.css'));
  expect(styles.length).toBeGreaterThan(0);
  for (const style of styles) expect(linked, `${style} was fetched but not linked by the shell`).toContain(style);
  // The messages in Italian, fetched once, and asked for before the app's first script had even
  // arrived: the shell's early request was the one the app used.
  expect(loaded.filter((path) => /\/assets\/it\.[^/]+\.json$/.test(path))).toHaveLength(1);
  const [messagesAsked, startArrived] = await page.evaluate(() => {
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return [
      entries.find((entry) => /\/assets\/it\.[^/]+\.json$/.test(entry.name))!.startTime,
      entries.find((entry) => entry.name.includes('/entry/start.'))!.responseEnd,
    ];
  });
  expect(messagesAsked).toBeLessThan(startArrived);
  expect(loaded.filter((path) => /\/assets\/(en|ar|zh|es)\.[^/]+\.json$/.test(path))).toEqual([]);
  // Who is signed in, asked once, by the shell: the app took that answer.
  expect(sessionAsked).toBe(1);
  // Every script the page ran (the device's engine too) asks to be compiled whole while it downloads,
  // on another core, rather than function by function on the main thread as the page draws.
  const scripts = loaded.filter((path) => path.startsWith('/_app/') && path.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(5);
  for (const script of scripts)
    expect((await (await page.request.get(script)).text()).startsWith('//# allFunctionsCalledOnLoad\n'), script).toBe(true);
  // SvelteKit's start imports the root error page on every page: the shell named it with the others,
  // so it did not wait for the start to run.
  const errorPage = scripts.find((path) => /\/nodes\/1\.[^/]+\.js$/.test(path));
  expect(errorPage).toBeDefined();
  expect(shell).toContain(`<link href="${errorPage}" rel="modulepreload">`);
  // Its icons and the brand mark are drawn from the shell's own sprite, with nothing fetched for them, each at the size of its text.
  expect(await page.locator('header svg.brand-mark use').getAttribute('href')).toBe('#brand-mark');
  const icons = await page.evaluate(() =>
    [...document.querySelectorAll('svg.icon use, svg.brand-mark use')].map((use) => ({
      drawing: !!document.querySelector(`symbol${use.getAttribute('href')}`),
      width: use.closest('svg')!.getBoundingClientRect().width,
    })),
  );
  expect(icons.length).toBeGreaterThan(10);
  for (const icon of icons) expect(icon.drawing).toBe(true);
  // Each as wide as a letter or two of its line (an unstyled one would be 300 pixels wide).
  for (const icon of icons) expect(icon.width).toBeGreaterThan(10);
  for (const icon of icons) expect(icon.width).toBeLessThan(64);
  // Nothing was fetched to draw them: the one drawing asked for is the browser's own, the tab's icon.
  const drawings = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => entry.name.endsWith('.svg'))
      .map((entry) => `${new URL(entry.name).pathname} by ${entry.initiatorType}`),
  );
  expect(drawings.filter((drawing) => drawing !== '/favicon.svg by other')).toEqual([]);
  expect(problems).toEqual([]);
});
