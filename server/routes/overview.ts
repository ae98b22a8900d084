import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, signedIn } from '../middleware';
import { AppError } from '../errors';

/** The role homes' first figures: what a provider, a hub and the city see when they sign in. */
export const providerRoutes = new Hono<AppEnv>().get('/overview', allow('GET /api/provider/overview'), async (c) => {
  const me = await c.get('services').auth.me(signedIn(c).id);
  const overview = me?.provider ? await c.get('services').overview.provider(me.provider.id) : null;
  if (!overview) throw new AppError('not_found');
  return c.json({ overview });
});

export const hubRoutes = new Hono<AppEnv>().get('/overview', allow('GET /api/hub/overview'), async (c) => {
  const me = await c.get('services').auth.me(signedIn(c).id);
  const overview = me?.hub ? await c.get('services').overview.hub(me.hub.id) : null;
  if (!overview) throw new AppError('not_found');
  return c.json({ overview });
});

export const cityRoutes = new Hono<AppEnv>().get('/overview', allow('GET /api/city/overview'), async (c) => {
  return c.json({ overview: await c.get('services').overview.city() });
});
