import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { csvReply } from './statements';
import { CallInputSchema, ReviewQuerySchema, ReviewSchema } from '$shared/calls';
import { IdSchema } from '$shared/validation';

const CallParam = v.object({ id: IdSchema('field_call_id') });
const ApplicationParam = v.object({ id: IdSchema('field_call_id'), applicationId: IdSchema('field_application_id') });
const PageQuery = v.object({
  page: v.optional(v.pipe(v.string('field_page'), v.regex(/^\d{1,6}$/, 'field_page'), v.transform(Number)), '0'),
});
/** The steps take no body: an empty JSON object, as every state-changing call is JSON. */
const NoBody = v.optional(v.object({}));
const CsvQuery = v.object({ kind: v.optional(v.picklist(['applications', 'municipi'], 'field_csv_kind'), 'applications') });

/** A guardian's calls (applying and declining go through sync), and the published rankings anyone may read. */
export const familyCallRoutes = new Hono<AppEnv>()
  .get('/', allow(['guardian']), async (c) => {
    const { householdId } = signedIn(c);
    if (!householdId) throw new AppError('forbidden');
    const { calls, db } = c.get('services');
    return c.json({ calls: await calls.familyCalls(db, householdId) });
  })
  .get('/:id/ranking', allow(PUBLIC), valid('param', CallParam), valid('query', PageQuery), async (c) => {
    const ranking = await c.get('services').calls.ranking(c.req.valid('param').id, c.req.valid('query').page);
    if (!ranking) throw new AppError('call_not_found');
    return c.json(ranking);
  });

/** The city's side of a call, from creation to the expiry sweep. */
export const cityCallRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), async (c) => c.json({ calls: await c.get('services').calls.list() }))
  .post('/', allow(['city_admin']), jsonBody(CallInputSchema), async (c) => {
    const input = c.req.valid('json');
    // A window already over would take no application at all: most likely a slip in the date.
    if (Date.parse(input.closesAt) <= c.get('services').clock.now().getTime())
      throw new AppError('validation_failed', [{ path: 'closesAt', code: 'field_closes_at_past' }]);
    return c.json(unwrap(await c.get('services').calls.create(input, signedIn(c).id)), 201);
  })
  .get('/:id', allow(['city_admin']), valid('param', CallParam), async (c) => {
    const found = await c.get('services').calls.get(c.req.valid('param').id);
    if (!found) throw new AppError('call_not_found');
    return c.json(found);
  })
  .post('/:id/close', allow(['city_admin']), valid('param', CallParam), jsonBody(NoBody), async (c) => {
    return c.json(unwrap(await c.get('services').calls.close(c.req.valid('param').id, signedIn(c).id)));
  })
  .post('/:id/rank', allow(['city_admin']), valid('param', CallParam), jsonBody(NoBody), async (c) => {
    return c.json(unwrap(await c.get('services').calls.rank(c.req.valid('param').id, signedIn(c).id)));
  })
  .get('/:id/applications', allow(['city_admin']), valid('param', CallParam), valid('query', ReviewQuerySchema), async (c) => {
    const { filter, page } = c.req.valid('query');
    const { calls } = c.get('services');
    const id = c.req.valid('param').id;
    if (!(await calls.exists(id))) throw new AppError('call_not_found');
    return c.json(await calls.review(id, filter, page));
  })
  .post(
    '/:id/applications/:applicationId/exclude',
    allow(['city_admin']),
    valid('param', ApplicationParam),
    jsonBody(ReviewSchema),
    async (c) => {
      const { id, applicationId } = c.req.valid('param');
      return c.json(unwrap(await c.get('services').calls.exclude(id, applicationId, c.req.valid('json').reason, signedIn(c).id)));
    },
  )
  .post(
    '/:id/applications/:applicationId/reinstate',
    allow(['city_admin']),
    valid('param', ApplicationParam),
    jsonBody(NoBody),
    async (c) => {
      const { id, applicationId } = c.req.valid('param');
      return c.json(unwrap(await c.get('services').calls.reinstate(id, applicationId, signedIn(c).id)));
    },
  )
  .post(
    '/:id/applications/:applicationId/revoke',
    allow(['city_admin']),
    valid('param', ApplicationParam),
    jsonBody(ReviewSchema),
    async (c) => {
      const { id, applicationId } = c.req.valid('param');
      return c.json(unwrap(await c.get('services').calls.revoke(id, applicationId, c.req.valid('json').reason, signedIn(c).id)));
    },
  )
  .post('/:id/publish', allow(['city_admin']), valid('param', CallParam), jsonBody(NoBody), async (c) => {
    return c.json(unwrap(await c.get('services').calls.publish(c.req.valid('param').id, signedIn(c).id)));
  })
  .post('/:id/allocate', allow(['city_admin']), valid('param', CallParam), jsonBody(NoBody), async (c) => {
    return c.json(unwrap(await c.get('services').calls.allocate(c.req.valid('param').id, signedIn(c).id)));
  })
  .post('/:id/sweep', allow(['city_admin']), valid('param', CallParam), jsonBody(NoBody), async (c) => {
    return c.json(unwrap(await c.get('services').calls.sweep(c.req.valid('param').id, `user:${signedIn(c).id}`)));
  })
  .get('/:id/csv', allow(['city_admin']), valid('param', CallParam), valid('query', CsvQuery), async (c) => {
    const { id } = c.req.valid('param');
    const { kind } = c.req.valid('query');
    const body = await c.get('services').calls.csv(id, kind);
    if (body === null) throw new AppError('call_not_found');
    return csvReply(body, `wishmi-call-${id.slice(0, 8)}-${kind}.csv`);
  });
