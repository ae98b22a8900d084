import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';

/** The public halves of the keys that sign booking codes: providers' devices keep them to check codes offline. */
export const keysRoutes = new Hono<AppEnv>().get('/booking-codes', allow(PUBLIC), async (c) => {
  const services = c.get('services');
  return c.json({ keys: await services.signer.publicKeys(services.db) });
});
