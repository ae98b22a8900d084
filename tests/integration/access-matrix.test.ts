import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredAccess, KIOSK, mayCall } from '../../server/access';
import { apiRoutes } from '../../server/app';
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
const ENDS_SESSION = ['POST /api/auth/logout'];

/** Every API route with what its route file declared, read from the routes the app mounts under /api. */
const DECLARED = declaredAccess(new Hono().route('/api', apiRoutes).routes);

describe.each(ENGINES)('the route-by-role matrix (%s)', (engine) => {
  let t: TestApp;
  const cookies = {} as Record<Role | typeof KIOSK, string>;
  beforeAll(async () => {
    t = await TestApp.start(engine);
    for (const role of ROLES) cookies[role] = await t.signIn(SIGN_IN[role]);
    // A hub's kiosk with no one signed in on it: its own credential, which opens kiosk routes only.
    cookies[KIOSK] = await t.enrolKiosk();
  });
  afterAll(() => t.close());

  it('finds every API route the app serves, and no other', () => {
    expect([...declaredAccess(t.app.routes).keys()].sort()).toEqual([...DECLARED.keys()].sort());
    expect([...DECLARED.keys()]).toEqual(expect.arrayContaining(ENDS_SESSION));
  });

  it('has every route declare who may call it, exactly once', () => {
    const undeclared = [...DECLARED].filter(([, access]) => access.length !== 1).map(([route]) => route);
    expect(undeclared).toEqual([]);
  });

  const cells = [...DECLARED.keys()]
    .sort((a, b) => Number(ENDS_SESSION.includes(a)) - Number(ENDS_SESSION.includes(b)))
    .flatMap((route) => [null, ...ROLES, KIOSK].map((role) => ({ route, role })));

  it.each(cells)('$route as $role', async ({ route, role }) => {
    const declared = DECLARED.get(route) ?? [];
    expect(declared, `${route} must declare who may call it once, with allow(...)`).toHaveLength(1);
    const access = declared[0];
    const [method, template] = route.split(' ');
    const path = template.replace(/:(\w+)/g, () => randomUUID());
    // An empty object: enough to reach the role check, never a valid change.
    const body = method === 'GET' ? undefined : {};
    const res = await t.call(method, path, { cookie: role ? cookies[role] : null, body });
    if (mayCall(access, role)) {
      expect(res.status, JSON.stringify(res.body)).not.toBe(401);
      expect(res.status, JSON.stringify(res.body)).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    } else if (access === KIOSK) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('kiosk_required');
    } else if (role === KIOSK) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('kiosk_forbidden');
    } else if (role === null) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    } else {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
});
