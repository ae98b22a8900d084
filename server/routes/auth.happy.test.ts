import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { sessionCookie, TestApp } from '../../tests/support/app';
import { DEMO_SIGN_INS } from '../seed/demo';

describe.each(ENGINES)('signing in and out (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start(engine);
  });
  afterAll(() => t.close());

  it('reports health with the engine in use', async () => {
    const res = await t.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: engine, version: expect.any(String) });
  });

  it.each(DEMO_SIGN_INS)('signs $email in as $role and knows who they are', async ({ email, role, language }) => {
    const res = await t.call('POST', '/api/auth/login', { body: { email: email.toUpperCase(), password: 'wishmi-demo-2026' } });
    expect(res.status).toBe(200);
    expect(res.body.me).toMatchObject({ email, role });
    const cookie = sessionCookie(res.headers);
    const me = await t.call('GET', '/api/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.me).toMatchObject({ email, role, language });
  });

  it('sets a session cookie that scripts cannot read and other sites do not send', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: { email: 'admin@demo.wishmi.test', password: 'wishmi-demo-2026' } });
    const set = res.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).toMatch(/Path=\//);
    // Plain http in tests: Secure is only set behind https.
    expect(set).not.toMatch(/Secure/);
  });

  it('answers "nobody" to an anonymous session question, and the person once signed in', async () => {
    expect((await t.call('GET', '/api/auth/session')).body).toEqual({ me: null, assist: null });
    const cookie = await t.signIn('youth@demo.wishmi.test');
    const res = await t.call('GET', '/api/auth/session', { cookie });
    expect(res.body.me).toMatchObject({ email: 'youth@demo.wishmi.test', role: 'youth', household: { municipio: 6 } });
    // Nobody is helping: no operator at a hub's desk.
    expect(res.body.assist).toBeNull();
  });

  it('signs out: the same cookie no longer works', async () => {
    const cookie = await t.signIn('provider@demo.wishmi.test');
    const out = await t.call('POST', '/api/auth/logout', { cookie, body: {} });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/wishmi_session=;/);
    const after = await t.call('GET', '/api/me', { cookie });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_expired');
  });

  it('registers a guardian with a new household, signed in at once, in their language', async () => {
    const res = await t.call('POST', '/api/auth/register', {
      body: { email: ' Fatima.Ali@Example.com ', password: 'una password lunga', name: 'Fatima Ali', language: 'ar', municipio: 8 },
    });
    expect(res.status).toBe(201);
    expect(res.body.me).toMatchObject({ email: 'fatima.ali@example.com', role: 'guardian', language: 'ar', household: { municipio: 8 } });
    const cookie = sessionCookie(res.headers);
    const household = await t.call('GET', '/api/household', { cookie });
    expect(household.body.household).toMatchObject({ municipio: 8, minors: [], guardians: [{ name: 'Fatima Ali' }] });
    const again = await t.call('POST', '/api/auth/login', { body: { email: 'fatima.ali@example.com', password: 'una password lunga' } });
    expect(again.status).toBe(200);
  });

  it('saves a change of language and name to the profile', async () => {
    const cookie = await t.signIn('guardian2@demo.wishmi.test');
    const res = await t.call('PATCH', '/api/me', { cookie, body: { language: 'zh' } });
    expect(res.status).toBe(200);
    expect(res.body.me).toMatchObject({ language: 'zh', name: 'Lucia Bianchi' });
    expect((await t.call('GET', '/api/me', { cookie })).body.me.language).toBe('zh');
  });

  it('answers errors in the language the page asks for, else the account language', async () => {
    const cookie = await t.signIn('guardian2@demo.wishmi.test');
    await t.call('PATCH', '/api/me', { cookie, body: { language: 'es' } });
    const asked = await t.call('POST', '/api/household/minors', { cookie, body: {}, headers: { 'accept-language': 'ar' } });
    expect(asked.body.error.message).toBe('بعض الحقول غير صحيحة. راجع الرسائل بجانبها.');
    const fallback = await t.call('POST', '/api/household/minors', { cookie, body: {}, headers: { 'accept-language': 'de' } });
    expect(fallback.body.error.message).toBe('Algunos campos no son correctos. Revisa los mensajes junto a ellos.');
  });
});
