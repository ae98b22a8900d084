import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError } from '../errors';
import { FundSchema, HistoryQuerySchema, TransferSearchSchema } from '$shared/ledger-queries';
import { CITY_FUNDING, PROGRAMME_BUDGET } from '../services/ledger/accounts';

const PAGE = 20;

/** A family's wallet: what they have, what is held and for what, and the history. */
export const walletRoutes = new Hono<AppEnv>()
  .get('/', allow(['guardian', 'youth']), async (c) => {
    return c.json({ accounts: await c.get('services').wallet.accounts(signedIn(c)), now: c.get('services').clock.now().toISOString() });
  })
  .get('/transfers', allow(['guardian', 'youth']), valid('query', HistoryQuerySchema), async (c) => {
    const { before, limit } = c.req.valid('query');
    return c.json(await c.get('services').wallet.history(signedIn(c), before ?? null, limit ?? PAGE, c.get('locale')));
  });

/** The city's view of the ledger, and the one way it puts money into the programme. */
export const cityLedgerRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), async (c) => {
    const services = c.get('services');
    return c.json({ summary: await services.wallet.summary(), invariants: await services.ledger.verify() });
  })
  .get('/transfers', allow(['city_admin']), valid('query', TransferSearchSchema), async (c) => {
    const { before, limit, ...filters } = c.req.valid('query');
    return c.json(await c.get('services').wallet.search({ ...filters, before: before ?? null, limit: limit ?? PAGE }, c.get('locale')));
  })
  .post('/fund', allow(['city_admin']), jsonBody(FundSchema), async (c) => {
    const { id, amount } = c.req.valid('json');
    const [result] = await c.get('services').ledger.createTransfers([
      {
        id,
        kind: 'single',
        debitAccountId: CITY_FUNDING,
        creditAccountId: PROGRAMME_BUDGET,
        amount,
        ledger: 'EUR',
        code: 'funding',
        createdBy: `user:${signedIn(c).id}`,
      },
    ]);
    if (result !== 'ok' && result !== 'exists') throw new AppError('transfer_refused', [{ path: 'id', code: `transfer_result_${result}` }]);
    return c.json({ id, result }, result === 'ok' ? 201 : 200);
  });
