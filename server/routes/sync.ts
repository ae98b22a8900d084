import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, jsonBody, signedIn, valid } from '../middleware';
import { PullQuerySchema, PushSchema } from '$shared/sync';

/** The offline outbox's way in, and every device's way to catch up (DESIGN §9). */
export const syncRoutes = new Hono<AppEnv>()
  .post('/push', allow('POST /api/sync/push'), jsonBody(PushSchema), async (c) => {
    return c.json(await c.get('services').sync.push(signedIn(c), c.req.valid('json'), c.get('locale')));
  })
  .get('/pull', allow('GET /api/sync/pull'), valid('query', PullQuerySchema), async (c) => {
    const { userId, clientId, cursor } = c.req.valid('query');
    return c.json(await c.get('services').sync.pull(signedIn(c), userId, clientId, cursor, c.get('locale')));
  });
