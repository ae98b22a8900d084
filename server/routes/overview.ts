import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow } from '../access';
import { signedIn } from '../middleware';
import { AppError } from '../errors';

/** The role homes' first figures: what a provider, a hub and the city see when they sign in. */
export const providerRoutes = new Hono<AppEnv>().get('/overview', allow(['provider']), async (c) => {
  const { provider } = signedIn(c).me;
  const overview = provider ? await c.get('services').overview.provider(provider.id) : null;
  if (!overview) throw new AppError('not_found');
  return c.json({ overview });
});

export const hubRoutes = new Hono<AppEnv>().get('/overview', allow(['hub_operator']), async (c) => {
  const { hub } = signedIn(c).me;
  const overview = hub ? await c.get('services').overview.hub(hub.id) : null;
  if (!overview) throw new AppError('not_found');
  return c.json({ overview });
});

export const cityRoutes = new Hono<AppEnv>().get('/overview', allow(['city_admin']), async (c) => {
  return c.json({ overview: await c.get('services').overview.city() });
});
