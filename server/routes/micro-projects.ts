import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { unwrap } from '../errors';
import { ownHub } from './hubs';
import { HubFundingSchema, RoundInputSchema } from '$shared/micro-projects';
import { IdSchema } from '$shared/validation';

const HubParam = v.object({ id: IdSchema('field_hub_id') });
const HubRoundParam = v.object({ id: IdSchema('field_hub_id'), roundId: IdSchema('field_round_id') });
const RoundParam = v.object({ roundId: IdSchema('field_round_id') });

/** The city funds a hub's budget for micro-projects and plans its rounds. */
export const cityMicroProjectRoutes = new Hono<AppEnv>()
  .get('/:id/budget', allow(['city_admin']), valid('param', HubParam), async (c) => {
    return c.json(await c.get('services').microProjects.budgetWithFundings(c.req.valid('param').id));
  })
  .post('/:id/budget/fund', allow(['city_admin']), valid('param', HubParam), jsonBody(HubFundingSchema), async (c) => {
    const { microProjects } = c.get('services');
    const id = c.req.valid('param').id;
    const { replayed } = unwrap(await microProjects.fund(id, c.req.valid('json'), signedIn(c).id));
    return c.json(await microProjects.budgetWithFundings(id), replayed ? 200 : 201);
  })
  .get('/:id/rounds', allow(['city_admin']), valid('param', HubParam), async (c) => {
    return c.json({ rounds: await c.get('services').microProjects.rounds(c.req.valid('param').id) });
  })
  .post('/:id/rounds', allow(['city_admin']), valid('param', HubParam), jsonBody(RoundInputSchema), async (c) => {
    const { round } = unwrap(
      await c.get('services').microProjects.createRound(c.req.valid('param').id, c.req.valid('json'), signedIn(c).id),
    );
    return c.json({ round }, 201);
  })
  .put('/:id/rounds/:roundId', allow(['city_admin']), valid('param', HubRoundParam), jsonBody(RoundInputSchema), async (c) => {
    const { id, roundId } = c.req.valid('param');
    const { round } = unwrap(await c.get('services').microProjects.updateRound(id, roundId, c.req.valid('json'), signedIn(c).id));
    return c.json({ round });
  });

/** A hub's operator reads the hub's budget and plans its rounds. */
export const hubMicroProjectRoutes = new Hono<AppEnv>()
  .get('/budget', allow(['hub_operator']), async (c) => c.json(await c.get('services').microProjects.budgetWithFundings(ownHub(c))))
  .get('/rounds', allow(['hub_operator']), async (c) => c.json({ rounds: await c.get('services').microProjects.rounds(ownHub(c)) }))
  .post('/rounds', allow(['hub_operator']), jsonBody(RoundInputSchema), async (c) => {
    const { round } = unwrap(await c.get('services').microProjects.createRound(ownHub(c), c.req.valid('json'), signedIn(c).id));
    return c.json({ round }, 201);
  })
  .put('/rounds/:roundId', allow(['hub_operator']), valid('param', RoundParam), jsonBody(RoundInputSchema), async (c) => {
    const { round } = unwrap(
      await c.get('services').microProjects.updateRound(ownHub(c), c.req.valid('param').roundId, c.req.valid('json'), signedIn(c).id),
    );
    return c.json({ round });
  });
