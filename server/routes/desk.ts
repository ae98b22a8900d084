import { Hono } from 'hono';
import * as v from 'valibot';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import {
  clearOperatorCookie,
  clearSessionCookie,
  jsonBody,
  OPERATOR_COOKIE,
  SESSION_COOKIE,
  setOperatorCookie,
  setSessionCookie,
  signedIn,
  valid,
} from '../middleware';
import { AppError, unwrap } from '../errors';
import { householdOf } from './household';
import { CardSignInSchema, DeskCardSchema, FamilyQuerySchema } from '$shared/cards';
import { ASSIST_SESSION_MS } from '$shared/assist';

/**
 * The hub's desk: an operator finds a family by its guardian's email and issues a card after checking
 * who the person is, or helps a family that hands over its card and PIN (assisted mode).
 */
export const hubDeskRoutes = new Hono<AppEnv>()
  .get('/families', allow(['hub_operator']), valid('query', FamilyQuerySchema), async (c) => {
    const { family } = unwrap(await c.get('services').cards.deskFamily(c.req.valid('query').email));
    return c.json({ family });
  })
  .post('/cards', allow(['hub_operator']), jsonBody(DeskCardSchema), async (c) => {
    const { card } = unwrap(await c.get('services').cards.issueAtDesk(signedIn(c), c.req.valid('json')));
    return c.json({ card }, 201);
  })
  // The family's guardian card and PIN: the operator's browser acts for the family until "end", and
  // the operator's own session waits in a cookie of its own.
  .post('/assist', allow(['hub_operator']), jsonBody(CardSignInSchema), async (c) => {
    const operator = signedIn(c);
    const { cards, auth } = c.get('services');
    const { card, pin } = c.req.valid('json');
    const result = await cards.verify(card, pin, `desk:${operator.id}`);
    if (!result.ok && result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds));
    const { userId, cardId } = unwrap(result);
    const me = await auth.me(userId);
    if (!me || me.role !== 'guardian') throw new AppError('assist_needs_guardian');
    const own = getCookie(c, SESSION_COOKIE);
    if (!own) throw new AppError('unauthenticated');
    const { token, expiresAt } = await auth.sessionFor(userId, { cardId, assistedBy: operator.id }, ASSIST_SESSION_MS);
    await auth.audit({ actorId: operator.id, action: 'assist_start', objectType: 'household', objectId: me.household!.id });
    setOperatorCookie(c, own, expiresAt);
    setSessionCookie(c, token, expiresAt);
    return c.json({ me });
  });

/** The family's side of assisted mode: its end, and what operators did for the household. */
export const assistRoutes = new Hono<AppEnv>()
  // The family leaves the desk (or the help ran out): its session ends, and the operator's own comes back,
  // even when the family's session already ended by itself.
  .post('/end', allow(PUBLIC), jsonBody(v.optional(v.object({}))), async (c) => {
    const user = c.get('user');
    const { auth } = c.get('services');
    const kept = getCookie(c, OPERATOR_COOKIE);
    const back = kept ? await auth.lookupSession(kept) : null;
    const operator = back?.user?.role === 'hub_operator' && (!user?.assistedBy || user.assistedBy === back.user.id) ? back : null;
    if (!user?.assistedBy && !operator) throw new AppError('assist_not_active');
    const token = getCookie(c, SESSION_COOKIE);
    if (user?.assistedBy && token) await auth.logout(token);
    clearOperatorCookie(c);
    if (operator?.user && kept) setSessionCookie(c, kept, operator.expiresAt);
    else clearSessionCookie(c);
    return c.json({ ended: true as const, operatorBack: !!operator });
  })
  .get('/history', allow(['guardian']), async (c) => {
    return c.json({ actions: await c.get('services').auth.assistedActions(householdOf(c)) });
  });
