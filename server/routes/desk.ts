import { Hono } from 'hono';
import * as v from 'valibot';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { allow } from '../access';
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
    setOperatorCookie(c, own);
    setSessionCookie(c, token, expiresAt);
    return c.json({ me });
  });

/** The family's side of assisted mode: its end, and what operators did for the household. */
export const assistRoutes = new Hono<AppEnv>()
  .post('/end', allow(['guardian']), jsonBody(v.optional(v.object({}))), async (c) => {
    const user = signedIn(c);
    if (!user.assistedBy) throw new AppError('assist_not_active');
    const { auth } = c.get('services');
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await auth.logout(token);
    // The operator's own session, if it is still there, comes back; otherwise they sign in again.
    const operator = getCookie(c, OPERATOR_COOKIE);
    const back = operator ? await auth.lookupSession(operator) : null;
    clearOperatorCookie(c);
    const operatorBack = !!operator && !!back?.user && back.user.id === user.assistedBy;
    if (operatorBack) setSessionCookie(c, operator, back.expiresAt);
    else clearSessionCookie(c);
    return c.json({ ended: true as const, operatorBack });
  })
  .get('/history', allow(['guardian']), async (c) => {
    return c.json({ actions: await c.get('services').auth.assistedActions(householdOf(c)) });
  });
