import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { count, TestApp } from '../../tests/support/app';

describe.each(ENGINES)('a guardian manages the household (%s)', (engine) => {
  let t: TestApp;
  let guardian: string;
  beforeAll(async () => {
    // 25 November 2026: a child born 2012-11-25 turns 14 today.
    t = await TestApp.start(engine, { now: '2026-11-25T10:00:00Z' });
    guardian = await t.signIn('guardian@demo.wishmi.test');
  });
  afterAll(() => t.close());

  it('lists the household with its guardians and minors, the youth too', async () => {
    const res = await t.call('GET', '/api/household', { cookie: guardian });
    expect(res.status).toBe(200);
    expect(res.body.household.guardians).toEqual([{ id: expect.any(String), name: 'Amina Haddad', email: 'guardian@demo.wishmi.test' }]);
    expect(res.body.household.minors.map((m: { name: string }) => m.name)).toEqual(['Sara Haddad', 'Omar Haddad']);
    expect(res.body.household.minors[0]).toMatchObject({ birthDate: '2011-03-12', email: 'youth@demo.wishmi.test', disability: false });
    const youth = await t.signIn('youth@demo.wishmi.test');
    expect((await t.call('GET', '/api/household', { cookie: youth })).body.household.id).toBe(res.body.household.id);
  });

  it('adds a minor with a disability flag', async () => {
    const res = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: '  Yusuf Haddad ', birthDate: '2020-01-31', disability: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.minor).toMatchObject({ name: 'Yusuf Haddad', birthDate: '2020-01-31', disability: true, email: null });
    const household = await t.call('GET', '/api/household', { cookie: guardian });
    expect(household.body.household.minors).toContainEqual(res.body.minor);
  });

  it('creates the own sign-in of a minor who turns 14 today, who can then sign in as youth', async () => {
    const added = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: 'Layla Haddad', birthDate: '2012-11-25', disability: false },
    });
    const id = added.body.minor.id;
    const res = await t.call('POST', `/api/household/minors/${id}/sign-in`, {
      cookie: guardian,
      body: { email: 'layla@example.com', password: 'la mia password' },
    });
    expect(res.status).toBe(201);
    expect(res.body.minor).toMatchObject({ id, email: 'layla@example.com' });
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'layla@example.com', password: 'la mia password' } });
    expect(login.status).toBe(200);
    expect(login.body.me).toMatchObject({ role: 'youth', name: 'Layla Haddad', household: { id: expect.any(String) } });
  });

  it('refuses a sign-in for a minor under 14, for one who has one, and for another family’s child', async () => {
    const young = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: 'Adam Haddad', birthDate: '2012-11-26', disability: false },
    });
    const users = await count(t.db, 'users');
    const tooYoung = await t.call('POST', `/api/household/minors/${young.body.minor.id}/sign-in`, {
      cookie: guardian,
      body: { email: 'adam@example.com', password: 'la mia password' },
    });
    expect(tooYoung.status).toBe(409);
    expect(tooYoung.body.error.code).toBe('minor_too_young_for_sign_in');

    const household = await t.call('GET', '/api/household', { cookie: guardian });
    const sara = household.body.household.minors.find((m: { name: string }) => m.name === 'Sara Haddad');
    const twice = await t.call('POST', `/api/household/minors/${sara.id}/sign-in`, {
      cookie: guardian,
      body: { email: 'sara2@example.com', password: 'la mia password' },
    });
    expect(twice.body.error.code).toBe('minor_has_sign_in');

    const other = await t.signIn('guardian2@demo.wishmi.test');
    const theirs = await t.call('GET', '/api/household', { cookie: other });
    const marco = theirs.body.household.minors[0];
    const foreign = await t.call('POST', `/api/household/minors/${marco.id}/sign-in`, {
      cookie: guardian,
      body: { email: 'marco@example.com', password: 'la mia password' },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('minor_not_found');

    const notAnId = await t.call('POST', '/api/household/minors/not-a-uuid/sign-in', {
      cookie: guardian,
      body: { email: 'x@example.com', password: 'la mia password' },
    });
    expect(notAnId.status).toBe(404);
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('refuses a sign-in for someone who has turned 18 since being added', async () => {
    const added = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: 'Almost Grown', birthDate: '2008-11-26', disability: false },
    });
    expect(added.status).toBe(201);
    t.clock.advance(2 * 24 * 60 * 60 * 1000);
    const res = await t.call('POST', `/api/household/minors/${added.body.minor.id}/sign-in`, {
      cookie: guardian,
      body: { email: 'grown@example.com', password: 'la mia password' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('minor_too_old');
    t.clock.advance(-2 * 24 * 60 * 60 * 1000);
  });

  it('refuses a minor born in the future, an adult, and an impossible date, adding nothing', async () => {
    const minors = await count(t.db, 'minors');
    const future = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: 'Soon', birthDate: '2026-12-01', disability: false },
    });
    expect(future.body.error.code).toBe('minor_not_born');
    const adult = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: 'Grown', birthDate: '2008-11-25', disability: false },
    });
    expect(adult.body.error.code).toBe('minor_too_old');
    const impossible = await t.call('POST', '/api/household/minors', {
      cookie: guardian,
      body: { name: 'Nope', birthDate: '2015-02-30', disability: false },
    });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.fields).toEqual([{ path: 'birthDate', code: 'field_birth_date', message: 'Enter a valid birth date.' }]);
    const missing = await t.call('POST', '/api/household/minors', { cookie: guardian, body: { name: 'No flag', birthDate: '2015-02-03' } });
    expect(missing.body.error.fields).toEqual([{ path: 'disability', code: 'field_required', message: 'This field is required.' }]);
    expect(await count(t.db, 'minors')).toBe(minors);
  });

  it('records who changed the household in the audit trail', async () => {
    const rows = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE action IN ('add_minor', 'create_minor_sign_in')");
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['add_minor', 'create_minor_sign_in']));
  });
});
