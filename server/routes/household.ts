import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow } from '../access';
import { jsonBody, signedIn } from '../middleware';
import { AppError, unwrap } from '../errors';
import { AddMinorSchema } from '$shared/household';
import { MinorSignInSchema } from '$shared/account';

const MinorIdSchema = v.pipe(v.string(), v.uuid());

export function householdOf(c: Parameters<typeof signedIn>[0]): string {
  const householdId = signedIn(c).householdId;
  if (!householdId) throw new AppError('forbidden');
  return householdId;
}

export const householdRoutes = new Hono<AppEnv>()
  .get('/', allow(['guardian', 'youth']), async (c) => {
    const household = await c.get('services').households.get(householdOf(c));
    if (!household) throw new AppError('not_found');
    return c.json({ household });
  })
  .post('/minors', allow(['guardian']), jsonBody(AddMinorSchema), async (c) => {
    const { minor } = unwrap(await c.get('services').households.addMinor(signedIn(c).id, householdOf(c), c.req.valid('json')));
    return c.json({ minor }, 201);
  })
  .post('/minors/:id/sign-in', allow(['guardian']), jsonBody(MinorSignInSchema), async (c) => {
    const minorId = c.req.param('id');
    // An id that is not even a UUID cannot name one of this household's minors.
    if (!v.is(MinorIdSchema, minorId)) throw new AppError('minor_not_found');
    const { minor } = unwrap(
      await c.get('services').households.createMinorSignIn(signedIn(c).id, householdOf(c), minorId, c.req.valid('json')),
    );
    return c.json({ minor }, 201);
  });
