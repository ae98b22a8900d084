import { chromium } from '@playwright/test';
const origin = 'http://127.0.0.1:4390';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const [lang, vp, name] of [['it', { width: 390, height: 844 }, 'phone-it'], ['ar', { width: 390, height: 844 }, 'phone-ar'], ['it', { width: 1280, height: 900 }, 'kiosk-it']]) {
  const ctx = await browser.newContext({ viewport: vp, locale: lang });
  await ctx.addInitScript((l) => localStorage.setItem('PARAGLIDE_LOCALE', l), lang);
  await ctx.request.post(`${origin}/api/auth/login`, { data: { email: 'guardian@demo.wishmi.test', password: 'wishmi-demo-2026' }, headers: { origin } });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
  await page.goto(`${origin}/family/activities`);
  await page.waitForSelector('.results', { timeout: 15000 });
  await page.screenshot({ path: `/tmp/shots/${name}-list.png`, fullPage: false });
  await page.locator('details summary').click();
  await page.selectOption('#origin', 'home');
  await page.screenshot({ path: `/tmp/shots/${name}-filters.png`, fullPage: true });
  await page.locator('.results a').first().click();
  await page.waitForSelector('h1');
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shots/${name}-offer.png`, fullPage: true });
  await ctx.close();
}
await browser.close();
