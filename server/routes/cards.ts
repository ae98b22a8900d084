import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, setSessionCookie, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { householdOf } from './household';
import { CardSignInSchema, ChangePinSchema, EndCardSchema, IssueCardSchema } from '$shared/cards';
import { IdSchema } from '$shared/validation';

const CardParam = v.object({ id: IdSchema('field_card_id') });

/** A guardian's cards for the household: issued, reported lost or revoked, replaced, their PINs changed. */
export const householdCardRoutes = new Hono<AppEnv>()
  .get('/', allow(['guardian']), async (c) => c.json({ cards: await c.get('services').cards.list(householdOf(c)) }))
  .post('/', allow(['guardian']), jsonBody(IssueCardSchema), async (c) => {
    householdOf(c);
    const { card } = unwrap(await c.get('services').cards.issue(signedIn(c), c.req.valid('json')));
    return c.json({ card }, 201);
  })
  .post('/:id/end', allow(['guardian']), valid('param', CardParam), jsonBody(EndCardSchema), async (c) => {
    householdOf(c);
    const { card } = unwrap(await c.get('services').cards.end(signedIn(c), c.req.valid('param').id, c.req.valid('json').reason));
    return c.json({ card });
  })
  .put('/:id/pin', allow(['guardian']), valid('param', CardParam), jsonBody(ChangePinSchema), async (c) => {
    householdOf(c);
    unwrap(await c.get('services').cards.changePin(signedIn(c), c.req.valid('param').id, c.req.valid('json').pin));
    return c.json({ changed: true });
  });

/** A card and its PIN sign a person in on any phone (a child with no email uses the installed app this way). */
export const cardSignInRoutes = new Hono<AppEnv>().post('/', allow(PUBLIC), jsonBody(CardSignInSchema), async (c) => {
  const { cards, auth } = c.get('services');
  const { card, pin } = c.req.valid('json');
  const result = await cards.verify(card, pin, `address:${c.get('clientAddress')}`);
  if (!result.ok && result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds));
  const { userId, cardId } = unwrap(result);
  const { token, expiresAt } = await auth.sessionFor(userId, { cardId });
  setSessionCookie(c, token, expiresAt);
  const me = await auth.me(userId);
  if (!me) throw new AppError('internal');
  return c.json({ me });
});
