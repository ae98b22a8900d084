import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, jsonBody, signedIn, valid } from '../middleware';
import { PullQuerySchema, PushSchema } from '$shared/sync';
import { checkProtocol } from '../services/sync/sync.service';

/** The offline outbox's way in, and every device's way to catch up. */
export const syncRoutes = new Hono<AppEnv>()
  .post('/push', allow('POST /api/sync/push'), jsonBody(PushSchema), async (c) => {
    const push = c.req.valid('json');
    checkProtocol(push.protocol);
    return c.json(await c.get('services').sync.push(signedIn(c), push, c.get('locale')));
  })
  .get('/pull', allow('GET /api/sync/pull'), valid('query', PullQuerySchema), async (c) => {
    const { protocol, userId, clientId, cursor } = c.req.valid('query');
    checkProtocol(protocol);
    return c.json(await c.get('services').sync.pull(signedIn(c), userId, clientId, cursor, c.get('locale')));
  });
