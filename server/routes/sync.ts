import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, SIGNED_IN } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { PullQuerySchema, PushSchema } from '$shared/sync';
import { checkProtocol } from '../services/sync/sync.service';

/**
 * The offline outbox's way in, and every device's way to catch up. Any signed-in person may push;
 * each mutation in a push then declares its own roles, in its feature's file in shared/.
 */
export const syncRoutes = new Hono<AppEnv>()
  .post('/push', allow(SIGNED_IN), jsonBody(PushSchema), async (c) => {
    const push = c.req.valid('json');
    checkProtocol(push.protocol);
    return c.json(await c.get('services').sync.push(signedIn(c), push, c.get('locale')));
  })
  .get('/pull', allow(SIGNED_IN), valid('query', PullQuerySchema), async (c) => {
    const { protocol, userId, clientId, cursor } = c.req.valid('query');
    checkProtocol(protocol);
    return c.json(await c.get('services').sync.pull(signedIn(c), userId, clientId, cursor, c.get('locale')));
  });
