import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { CollectiveApplySchema, CollectiveCallInputSchema, CollectiveReviewSchema } from '$shared/collective-calls';
import { IdSchema } from '$shared/validation';

const CallParam = v.object({ id: IdSchema('field_call_id') });
const ApplicationParam = v.object({ id: IdSchema('field_call_id'), applicationId: IdSchema('field_application_id') });
/** An application's code as printed ("K7QH-3MXD"); typed in lower case, it still reads. */
const CodeParam = v.object({
  code: v.pipe(v.string('field_application_code'), v.toUpperCase(), v.regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'field_application_code')),
});
/** The steps take no body: an empty JSON object, as every state-changing call is JSON. */
const NoBody = v.optional(v.object({}));

/** The collective calls anyone may read and apply to (a school, an association, a group), and an application's standing by its code. */
export const collectiveCallRoutes = new Hono<AppEnv>()
  .get('/', allow(PUBLIC), async (c) => c.json({ calls: await c.get('services').collectiveCalls.open() }))
  .post('/:id/applications', allow(PUBLIC), valid('param', CallParam), jsonBody(CollectiveApplySchema), async (c) => {
    const { auth, collectiveCalls } = c.get('services');
    // Applications come without an account: no faster than accounts are made.
    unwrap(await auth.mayRegister(c.get('clientAddress')));
    const { code } = unwrap(await collectiveCalls.apply(c.req.valid('param').id, c.req.valid('json')));
    return c.json({ code }, 201);
  })
  .get('/applications/:code', allow(PUBLIC), valid('param', CodeParam), async (c) => {
    const status = await c.get('services').collectiveCalls.status(c.req.valid('param').code);
    if (!status) throw new AppError('application_not_found');
    return c.json({ application: status });
  });

/** The city's side of the collective calls: opening one, reviewing its applications, ranking and funding them. */
export const cityCollectiveCallRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), async (c) => c.json({ calls: await c.get('services').collectiveCalls.list() }))
  .post('/', allow(['city_admin']), jsonBody(CollectiveCallInputSchema), async (c) => {
    const input = c.req.valid('json');
    // A window already over would take no application at all: most likely a slip in the date.
    if (Date.parse(input.closesAt) <= c.get('services').clock.now().getTime())
      throw new AppError('validation_failed', [{ path: 'closesAt', code: 'field_closes_at_past' }]);
    const { call } = unwrap(await c.get('services').collectiveCalls.create(input, signedIn(c).id));
    return c.json({ call }, 201);
  })
  .get('/:id/applications', allow(['city_admin']), valid('param', CallParam), async (c) => {
    const { call, applications } = unwrap(await c.get('services').collectiveCalls.applications(c.req.valid('param').id));
    return c.json({ call, applications });
  })
  .put(
    '/:id/applications/:applicationId',
    allow(['city_admin']),
    valid('param', ApplicationParam),
    jsonBody(CollectiveReviewSchema),
    async (c) => {
      const { id, applicationId } = c.req.valid('param');
      unwrap(await c.get('services').collectiveCalls.review(id, applicationId, c.req.valid('json'), signedIn(c).id));
      return c.json({ reviewed: true });
    },
  )
  .post('/:id/allocate', allow(['city_admin']), valid('param', CallParam), jsonBody(NoBody), async (c) => {
    const { funded, waiting, allocatedCents } = unwrap(
      await c.get('services').collectiveCalls.allocate(c.req.valid('param').id, signedIn(c).id),
    );
    return c.json({ funded, waiting, allocatedCents });
  });
