import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { allow, PUBLIC, SIGNED_IN } from '../access';
import { clearSessionCookie, jsonBody, SESSION_COOKIE, setSessionCookie, signedIn } from '../middleware';
import { AppError, unwrap } from '../errors';
import { LoginSchema, RegisterGuardianSchema } from '$shared/account';
import * as v from 'valibot';

export const authRoutes = new Hono<AppEnv>()
  // Who is signed in, if anyone: the app asks this on every start, so "nobody" is an answer, not an error.
  .get('/session', allow(PUBLIC), async (c) => {
    const user = c.get('user');
    // At a hub's desk, the family's pages say who is helping them.
    const assist = user?.assistedBy ? await c.get('services').auth.assistInfo(user.assistedBy) : null;
    return c.json({ me: user?.me ?? null, assist });
  })
  .post('/login', allow(PUBLIC), jsonBody(LoginSchema), async (c) => {
    const { auth } = c.get('services');
    const result = await auth.login(c.req.valid('json'), c.get('clientAddress'));
    if (!result.ok && result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds));
    const { userId, token, expiresAt } = unwrap(result);
    setSessionCookie(c, token, expiresAt);
    const me = await auth.me(userId);
    if (!me) throw new AppError('internal');
    return c.json({ me });
  })
  .post('/register', allow(PUBLIC), jsonBody(RegisterGuardianSchema), async (c) => {
    const { auth } = c.get('services');
    unwrap(await auth.mayRegister(c.get('clientAddress')));
    const { userId, token, expiresAt } = unwrap(await auth.registerGuardian(c.req.valid('json')));
    setSessionCookie(c, token, expiresAt);
    const me = await auth.me(userId);
    if (!me) throw new AppError('internal');
    return c.json({ me }, 201);
  })
  .post('/logout', allow(SIGNED_IN), jsonBody(v.optional(v.object({}))), async (c) => {
    signedIn(c);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.get('services').auth.logout(token);
    clearSessionCookie(c);
    return c.json({ ok: true as const });
  });
