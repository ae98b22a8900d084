import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, SIGNED_IN } from '../access';
import { jsonBody, signedIn } from '../middleware';
import { AppError } from '../errors';
import { UpdateProfileSchema } from '$shared/account';

export const meRoutes = new Hono<AppEnv>()
  .get('/', allow(SIGNED_IN), async (c) => c.json({ me: signedIn(c).me }))
  .patch('/', allow(SIGNED_IN), jsonBody(UpdateProfileSchema), async (c) => {
    const me = await c.get('services').auth.updateProfile(signedIn(c).id, c.req.valid('json'));
    if (!me) throw new AppError('unauthenticated');
    return c.json({ me });
  });
