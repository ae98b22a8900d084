import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { valid } from '../middleware';
import { CatalogueQuerySchema } from '$shared/catalogue';

/**
 * The catalogue as a feed of changes: a device asks with the cursor it last got and keeps a copy it
 * searches offline. Public: anyone may see what the programme offers before they join it.
 */
export const catalogueRoutes = new Hono<AppEnv>().get('/', allow(PUBLIC), valid('query', CatalogueQuerySchema), async (c) => {
  const { since } = c.req.valid('query');
  const services = c.get('services');
  return c.json(await services.catalogue.delta(since, services.clock.now()));
});
