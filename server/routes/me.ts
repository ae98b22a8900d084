import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, jsonBody, signedIn } from '../middleware';
import { AppError } from '../errors';
import { UpdateProfileSchema } from '$shared/account';

export const meRoutes = new Hono<AppEnv>()
  .get('/', allow('GET /api/me'), async (c) => c.json({ me: signedIn(c).me }))
  .patch('/', allow('PATCH /api/me'), jsonBody(UpdateProfileSchema), async (c) => {
    const me = await c.get('services').auth.updateProfile(signedIn(c).id, c.req.valid('json'));
    if (!me) throw new AppError('unauthenticated');
    return c.json({ me });
  });
