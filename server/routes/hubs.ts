import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { HubInputSchema } from '$shared/hubs';
import { IdSchema } from '$shared/validation';

const HubParam = v.object({ id: IdSchema('field_hub_id') });

/** The open hubs and each one's page, for anyone: no sign-in needed to find a hub. */
export const publicHubRoutes = new Hono<AppEnv>()
  .get('/', allow(PUBLIC), async (c) => c.json({ hubs: await c.get('services').hubs.listOpen() }))
  .get('/:id', allow(PUBLIC), valid('param', HubParam), async (c) => {
    const page = await c.get('services').hubs.page(c.req.valid('param').id);
    if (!page) throw new AppError('hub_not_found');
    return c.json(page);
  });

/** The city opens hubs, changes them and closes them. */
export const cityHubRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), async (c) => c.json({ hubs: await c.get('services').hubs.listAll() }))
  .post('/', allow(['city_admin']), jsonBody(HubInputSchema), async (c) => {
    const hub = await c.get('services').hubs.open(c.req.valid('json'), signedIn(c).id);
    return c.json({ hub }, 201);
  })
  .get('/:id', allow(['city_admin']), valid('param', HubParam), async (c) => {
    const hub = await c.get('services').hubs.get(c.req.valid('param').id);
    if (!hub) throw new AppError('hub_not_found');
    return c.json({ hub });
  })
  .put('/:id', allow(['city_admin']), valid('param', HubParam), jsonBody(HubInputSchema), async (c) => {
    return c.json(unwrap(await c.get('services').hubs.update(c.req.valid('param').id, c.req.valid('json'), signedIn(c).id)));
  })
  // A change, so JSON like every other (an empty object: closing needs nothing more).
  .post('/:id/close', allow(['city_admin']), valid('param', HubParam), jsonBody(v.object({})), async (c) => {
    return c.json(unwrap(await c.get('services').hubs.close(c.req.valid('param').id, signedIn(c).id)));
  });
