import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError } from '../errors';
import { CityStatementsQuerySchema, MonthSchema, PayStatementSchema } from '$shared/statements';
import { IdSchema } from '$shared/validation';

/** A CSV download, never cached. */
export const csvReply = (body: string, name: string) =>
  new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
  });

/** A provider's own statements, month by month, and the lines behind each. */
export const providerStatementRoutes = new Hono<AppEnv>()
  .get('/', allow(['provider']), async (c) => {
    const { provider } = signedIn(c).me;
    if (!provider) throw new AppError('forbidden');
    return c.json({ statements: await c.get('services').statements.forProvider(provider.id) });
  })
  .get('/:month/csv', allow(['provider']), valid('param', v.object({ month: MonthSchema })), async (c) => {
    const { provider } = signedIn(c).me;
    if (!provider) throw new AppError('forbidden');
    const { month } = c.req.valid('param');
    return csvReply(await c.get('services').statements.csv(provider.id, month), `wishmi-${month}.csv`);
  });

/** The city's view of a month: every provider's statement, paying what is due, and each one's lines as CSV. */
export const cityStatementRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), valid('query', CityStatementsQuerySchema), async (c) => {
    return c.json({ statements: await c.get('services').statements.forMonth(c.req.valid('query').month) });
  })
  .post('/pay', allow(['city_admin']), jsonBody(PayStatementSchema), async (c) => {
    const { providerId, month, dueCents } = c.req.valid('json');
    const { statement, result } = await c.get('services').statements.pay(providerId, month, dueCents, signedIn(c).id);
    if (!statement) throw new AppError('not_found');
    if (result === 'changed') throw new AppError('statement_changed');
    if (result === 'nothing_due') return c.json({ statement, result }, 200);
    if (result !== 'ok' && result !== 'exists')
      throw new AppError('transfer_refused', [{ path: 'providerId', code: `transfer_result_${result}` }]);
    return c.json({ statement, result }, result === 'ok' ? 201 : 200);
  })
  .get(
    '/:providerId/:month/csv',
    allow(['city_admin']),
    valid('param', v.object({ providerId: IdSchema('field_provider_id'), month: MonthSchema })),
    async (c) => {
      const { providerId, month } = c.req.valid('param');
      return csvReply(await c.get('services').statements.csv(providerId, month), `wishmi-${providerId}-${month}.csv`);
    },
  );
