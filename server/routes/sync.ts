import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, SIGNED_IN } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { PullQuerySchema, PushSchema } from '$shared/sync';

/**
 * The offline outbox's way in, and every device's way to catch up. Any signed-in person may push;
 * each mutation in a push then declares its own roles, in the sync mutation registry.
 */
export const syncRoutes = new Hono<AppEnv>()
  .post('/push', allow(SIGNED_IN), jsonBody(PushSchema), async (c) => {
    return c.json(await c.get('services').sync.push(signedIn(c), c.req.valid('json'), c.get('locale')));
  })
  .get('/pull', allow(SIGNED_IN), valid('query', PullQuerySchema), async (c) => {
    const { userId, clientId, cursor } = c.req.valid('query');
    return c.json(await c.get('services').sync.pull(signedIn(c), userId, clientId, cursor, c.get('locale')));
  });
