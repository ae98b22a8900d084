import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, sessionCookie, TestApp } from '../../tests/support/app';

describe.each(ENGINES)('bad input to sign-in and registration (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start(engine);
  });
  afterAll(() => t.close());

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await t.call('POST', '/api/auth/login', { body: { email: 'admin@demo.wishmi.test', password: 'not the password' } });
    const unknown = await t.call('POST', '/api/auth/login', { body: { email: 'nobody@demo.wishmi.test', password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toEqual({ code: 'invalid_credentials', message: 'Wrong email or password.' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('refuses malformed JSON with a 400 and a clear message', async () => {
    const res = await t.call('POST', '/api/auth/login', { raw: '{"email": "a@b.c",' });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'bad_json', message: 'The request could not be read. Please try again.' });
  });

  it('names each missing or wrong field, in the caller’s language', async () => {
    const res = await t.call('POST', '/api/auth/register', {
      body: { email: 'not-an-email', password: 'short', language: 'fr', municipio: 12 },
      headers: { 'accept-language': 'it' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(res.body.error.fields.map((f: { path: string; code: string; message: string }) => [f.path, f]));
    expect(byPath.email.code).toBe('field_email');
    expect(byPath.password.code).toBe('field_password');
    expect(byPath.name).toEqual({ path: 'name', code: 'field_required', message: 'Campo obbligatorio.' });
    expect(byPath.language.code).toBe('field_language');
    expect(byPath.municipio.code).toBe('field_municipio');
  });

  it('refuses a body that is not an object', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: 'admin@demo.wishmi.test' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ path: '', code: 'field_body', message: 'The data sent is not in the expected form.' }]);
    const list = await t.call('POST', '/api/auth/login', { body: ['admin@demo.wishmi.test'] });
    expect(list.status).toBe(400);
    expect(list.body.error.code).toBe('validation_failed');
  });

  it('refuses a second registration with a taken email and leaves no stray household behind', async () => {
    const households = await count(t.db, 'households');
    const users = await count(t.db, 'users');
    const res = await t.call('POST', '/api/auth/register', {
      body: { email: 'Guardian@demo.wishmi.test', password: 'a long enough password', name: 'Someone', language: 'it', municipio: 1 },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    expect(await count(t.db, 'households')).toBe(households);
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await t.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'We could not find what you are looking for.' });
    expect((await t.call('DELETE', '/api/me')).status).toBe(404);
  });

  it('treats an expired session as signed out, with a message that says so', async () => {
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'hub@demo.wishmi.test', password: 'wishmi-demo-2026' } });
    const cookie = sessionCookie(login.headers);
    t.clock.advance(15 * 24 * 60 * 60 * 1000);
    const res = await t.call('GET', '/api/hub/overview', { cookie });
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'session_expired', message: 'Your session has expired. Please sign in again.' });
    t.clock.advance(-15 * 24 * 60 * 60 * 1000);
    // The expired session is gone for good, not revived by turning the clock back.
    expect((await t.call('GET', '/api/me', { cookie })).status).toBe(401);
  });

  it('refuses an unknown session token', async () => {
    const res = await t.call('GET', '/api/me', { cookie: 'wishmi_session=forged' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('session_expired');
  });

  it('refuses a body over the size limit', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: { email: 'a@b.it', password: 'x'.repeat(300_000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });
});
