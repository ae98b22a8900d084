import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, PUBLIC, type RouteKey } from '../../server/access';
import { ROLES, type Role } from '../../shared/roles';
import { ENGINES } from '../support/database';
import { TestApp } from '../support/app';

const SIGN_IN: Record<Role, string> = {
  city_admin: 'admin@demo.wishmi.test',
  guardian: 'guardian@demo.wishmi.test',
  youth: 'youth@demo.wishmi.test',
  provider: 'provider@demo.wishmi.test',
  hub_operator: 'hub@demo.wishmi.test',
};

/** Routes whose success would end the caller's session or create accounts: called last, or with input that cannot succeed. */
const ENDS_SESSION: RouteKey[] = ['POST /api/auth/logout'];

describe.each(ENGINES)('the route-by-role matrix (%s)', (engine) => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  beforeAll(async () => {
    t = await TestApp.start(engine);
    for (const role of ROLES) cookies[role] = await t.signIn(SIGN_IN[role]);
  });
  afterAll(() => t.close());

  it('has an access entry for every API route the app registers, and a route for every entry', () => {
    const registered = new Set(
      t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`),
    );
    expect([...registered].sort()).toEqual(Object.keys(ACCESS).sort());
  });

  const cells = (Object.keys(ACCESS) as RouteKey[])
    .sort((a, b) => Number(ENDS_SESSION.includes(a)) - Number(ENDS_SESSION.includes(b)))
    .flatMap((route) => [null, ...ROLES].map((role) => ({ route, role })));

  it.each(cells)('$route as $role', async ({ route, role }) => {
    const [method, template] = route.split(' ');
    const path = template.replace(/:(\w+)/g, () => randomUUID());
    // An empty object: enough to reach the role check, never a valid change.
    const body = method === 'GET' ? undefined : {};
    const res = await t.call(method, path, { cookie: role ? cookies[role] : null, body });
    const allowed = ACCESS[route];
    if (allowed === PUBLIC || (role !== null && (allowed as readonly Role[]).includes(role))) {
      expect(res.status, JSON.stringify(res.body)).not.toBe(401);
      expect(res.status, JSON.stringify(res.body)).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    } else if (role === null) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    } else {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
});
