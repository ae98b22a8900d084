import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, TestApp } from '../../tests/support/app';
import {
  FAILURE_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  MAX_REGISTRATIONS_PER_ADDRESS,
} from '../services/auth.service';

const wrong = (t: TestApp, email: string, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/auth/login', { body: { email, password: 'guessing-wrong' }, headers });

describe.each(ENGINES)('sign-in throttling and request forgery (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start(engine);
  });
  afterAll(() => t.close());

  it('locks an account after repeated failures, even against the right password, until the window passes', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) expect((await wrong(t, 'guardian2@demo.wishmi.test')).status).toBe(401);
    const locked = await t.call('POST', '/api/auth/login', { body: { email: 'guardian2@demo.wishmi.test', password: 'wishmi-demo-2026' } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.headers.get('retry-after')).toBe(String(FAILURE_WINDOW_MS / 1000));
    t.clock.advance(FAILURE_WINDOW_MS + 1000);
    const later = await t.call('POST', '/api/auth/login', { body: { email: 'guardian2@demo.wishmi.test', password: 'wishmi-demo-2026' } });
    expect(later.status).toBe(200);
  });

  it('stops one address trying many accounts, and only that address', async () => {
    // Behind a trusted proxy the caller's address comes from X-Forwarded-For.
    const proxied = await TestApp.start(engine, { config: { trustProxy: true } });
    try {
      // Whatever the client writes on the left, the proxy's own entry (rightmost) is the address.
      const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250)}, ${address}` });
      for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++)
        expect((await wrong(proxied, `user${i}@example.com`, from('198.51.100.9'))).status).toBe(401);
      expect((await wrong(proxied, 'another@example.com', from('198.51.100.9'))).status).toBe(429);
      const elsewhere = await proxied.call('POST', '/api/auth/login', {
        body: { email: 'admin@demo.wishmi.test', password: 'wishmi-demo-2026' },
        headers: from('203.0.113.5'),
      });
      expect(elsewhere.status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('counts parallel guesses before checking them, so a burst cannot slip under the limit', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => wrong(t, 'hub@demo.wishmi.test')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(MAX_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12 - MAX_FAILURES_PER_ACCOUNT);
  });

  it('limits registrations from one address', async () => {
    const proxied = await TestApp.start(engine, { config: { trustProxy: true } });
    try {
      const register = (i: number) =>
        proxied.call('POST', '/api/auth/register', {
          body: { email: `family${i}@example.com`, password: 'a long enough password', name: 'Family', language: 'it', municipio: 1 },
          headers: { 'x-forwarded-for': '198.51.100.20' },
        });
      for (let i = 0; i < MAX_REGISTRATIONS_PER_ADDRESS; i++) expect((await register(i)).status).toBe(201);
      const refused = await register(99);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_attempts');
    } finally {
      await proxied.close();
    }
  });

  it('refuses a state-changing call from another site', async () => {
    const users = await count(t.db, 'users');
    const body = { email: 'evil@example.com', password: 'a long enough password', name: 'Evil', language: 'it', municipio: 1 };
    const crossOrigin = await t.call('POST', 'http://localhost/api/auth/register', {
      body,
      headers: { origin: 'https://evil.example', host: 'localhost' },
    });
    expect(crossOrigin.status).toBe(403);
    expect(crossOrigin.body.error.code).toBe('csrf_rejected');
    const crossSite = await t.call('POST', '/api/auth/register', { body, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const form = await t.call('POST', '/api/auth/register', {
      raw: 'email=evil%40example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('json_required');
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('accepts a call from the app’s own origin', async () => {
    const res = await t.call('POST', 'http://localhost:3000/api/auth/login', {
      body: { email: 'admin@demo.wishmi.test', password: 'wishmi-demo-2026' },
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000', 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(200);
  });

  it('sends secure headers and a strict content security policy', async () => {
    const res = await t.call('GET', '/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps only a hash of session tokens and of passwords', async () => {
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'youth@demo.wishmi.test', password: 'wishmi-demo-2026' } });
    const token = /wishmi_session=([^;]*)/.exec(login.headers.get('set-cookie') ?? '')![1];
    expect(await t.db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [token])).toHaveLength(0);
    const [user] = await t.db.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = 'youth@demo.wishmi.test'");
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});
