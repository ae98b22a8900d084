import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, setSessionCookie, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import {
  ApplicationSchema,
  ApplySchema,
  DecisionSchema,
  ProvidersQuerySchema,
  trainingNotYetDone,
  type Application,
} from '$shared/provider';
import { isoDateIn } from '$shared/dates';
import { IdSchema } from '$shared/validation';

/** The public call: an organisation applies, and its first staff member is signed in to follow it. */
export const applyRoutes = new Hono<AppEnv>().post('/apply', allow(PUBLIC), jsonBody(ApplySchema), async (c) => {
  const { auth } = c.get('services');
  const input = c.req.valid('json');
  trainingDone(input.application, c.get('services').clock.now(), 'application.');
  unwrap(await auth.mayRegister(c.get('clientAddress')));
  const { userId, token, expiresAt } = unwrap(await auth.applyAsProvider(input));
  setSessionCookie(c, token, expiresAt);
  const me = await auth.me(userId);
  if (!me) throw new AppError('internal');
  return c.json({ me }, 201);
});

/** The protocol training must have been done: a date still to come is refused, naming each one. */
function trainingDone(app: Application, now: Date, prefix = ''): void {
  const future = trainingNotYetDone(app, isoDateIn(now));
  if (future.length)
    throw new AppError(
      'validation_failed',
      future.map((path) => ({ path: `${prefix}${path}`, code: 'field_trained_on_future' })),
    );
}

function ownProvider(c: Parameters<typeof signedIn>[0]): string {
  const { provider } = signedIn(c).me;
  if (!provider) throw new AppError('forbidden');
  return provider.id;
}

/** A provider's own application: its standing, the city's reason, and corrections while it waits. */
export const applicationRoutes = new Hono<AppEnv>()
  .get('/', allow(['provider']), async (c) => {
    const provider = await c.get('services').providers.get(ownProvider(c));
    if (!provider) throw new AppError('not_found');
    return c.json({ provider });
  })
  .put('/', allow(['provider']), jsonBody(ApplicationSchema), async (c) => {
    trainingDone(c.req.valid('json'), c.get('services').clock.now());
    const { provider } = unwrap(await c.get('services').providers.updateApplication(ownProvider(c), signedIn(c).id, c.req.valid('json')));
    return c.json({ provider });
  });

const ProviderParam = v.object({ id: IdSchema('field_provider_id') });

/** The city's side: the queue of applications, every provider's file, and the decisions on them. */
export const cityProviderRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), valid('query', ProvidersQuerySchema), async (c) => {
    return c.json(await c.get('services').providers.list(c.req.valid('query').status));
  })
  .get('/:id', allow(['city_admin']), valid('param', ProviderParam), async (c) => {
    const provider = await c.get('services').providers.get(c.req.valid('param').id);
    if (!provider) throw new AppError('not_found');
    return c.json({ provider });
  })
  .post('/:id/decision', allow(['city_admin']), valid('param', ProviderParam), jsonBody(DecisionSchema), async (c) => {
    const result = unwrap(await c.get('services').providers.decide(c.req.valid('param').id, c.req.valid('json'), signedIn(c).id));
    return c.json(result);
  });
