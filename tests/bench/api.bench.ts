import { Hono } from 'hono';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { TestApp } from '../support/app';

// The API's cost over a bare Hono route on the same machine, in one run: what our middleware
// (secure headers, session lookup in the embedded database, locale, access check) adds per request.
let t: TestApp;
let cookie: string;
const bare = new Hono().get('/api/me', (c) => c.json({ me: { id: '1', name: 'Sara Haddad', role: 'youth' } }));

beforeAll(async () => {
  t = await TestApp.start('pglite');
  cookie = await t.signIn('youth@demo.wishmi.test');
});
afterAll(() => t.close());

describe('GET /api/me', () => {
  bench('bare Hono route (baseline)', async () => {
    await bare.request('/api/me');
  });
  bench('WISH MI API, signed in, on PGlite', async () => {
    await t.app.request('/api/me', { headers: { cookie } });
  });
});

describe('GET /api/health', () => {
  bench('bare Hono route (baseline)', async () => {
    await bare.request('/api/me');
  });
  bench('WISH MI API, anonymous, with a database round trip', async () => {
    await t.app.request('/api/health');
  });
});
