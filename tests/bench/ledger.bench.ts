// `npm run bench -- ledger`: the ledger's throughput on the embedded database (and on PostgreSQL when
// DATABASE_URL is set), against raw batched INSERTs of the same rows into the same engine in the same run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPglite, openPostgres, type Db } from '../../server/store/db';
import { migrate } from '../../server/store/migrate';
import { systemClock } from '../../server/clock';
import { timeOrderedId } from '../../server/ids';
import { createLedgerService } from '../../server/services/ledger/ledger.service';
import type { AccountInput, MoveInput, TransferInput } from '$shared/ledger';
import { median, percentile } from './measure';

/** Three alternating rounds of each; the figures are the medians. */
const ROUNDS = 3;
const ROUND = 20_000;
const CALLERS = Number(process.env.BENCH_CALLERS ?? 1024);
const RAW_BATCH = 1_000;
// Milan-sized: 20,000 households with a voucher, 150 providers.
const HOUSEHOLDS = 20_000;
const PROVIDERS = 150;

type Figures = { perSecond: number; rawPerSecond: number; p99: number };

async function run(db: Db): Promise<Figures> {
  await migrate(db);
  const ledger = createLedgerService(db, systemClock);
  const funding = randomUUID();
  const households = Array.from({ length: HOUSEHOLDS }, () => randomUUID());
  const providers = Array.from({ length: PROVIDERS }, () => randomUUID());
  const account = (id: string, kind: AccountInput['kind'], flagged: boolean): AccountInput => ({
    id,
    ledger: 'EUR',
    kind,
    ownerType: 'city',
    ownerId: 'bench',
    debitsMustNotExceedCredits: flagged,
  });
  await ledger.createAccounts([
    account(funding, 'city_funding', false),
    ...households.map((h) => account(h, 'household_voucher', true)),
    ...providers.map((p) => account(p, 'provider_payable', false)),
  ]);
  await ledger.createTransfers(
    households.map((h) => ({
      id: randomUUID(),
      kind: 'single',
      debitAccountId: funding,
      creditAccountId: h,
      amount: 1_000_000,
      ledger: 'EUR',
      code: 'allocation',
      createdBy: 'bench',
    })),
  );

  const transfer = (i: number): TransferInput => ({
    id: timeOrderedId(),
    kind: 'single',
    debitAccountId: households[i % HOUSEHOLDS],
    creditAccountId: providers[i % PROVIDERS],
    amount: 1 + (i % 500),
    ledger: 'EUR',
    code: 'redemption',
    createdBy: 'bench',
  });

  // The baseline: the same rows, inserted in batches into a copy of the transfers table with its indexes.
  await db.exec('CREATE TABLE bench_raw (LIKE ledger_transfers INCLUDING ALL)');
  const raw = async (from: number) => {
    const rows = Array.from({ length: ROUND }, (_, i) => transfer(from + i) as MoveInput);
    const t0 = performance.now();
    for (let start = 0; start < rows.length; start += RAW_BATCH) {
      const batch = rows.slice(start, start + RAW_BATCH);
      await db.transaction((tx) =>
        tx.query(
          `INSERT INTO bench_raw (id, kind, debit_account_id, credit_account_id, amount, ledger, code, created_by, created_at)
           SELECT id, 'single', d, c, a, 'EUR', 'redemption', 'bench', now() FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[]) AS t(id, d, c, a)`,
          [batch.map((r) => r.id), batch.map((r) => r.debitAccountId), batch.map((r) => r.creditAccountId), batch.map((r) => r.amount)],
        ),
      );
    }
    return ROUND / ((performance.now() - t0) / 1000);
  };

  // The ledger: many concurrent callers, each making one transfer at a time, as API requests would.
  const latencies: number[] = [];
  const ours = async (from: number) => {
    // Made before the clock starts, as the baseline's rows are.
    const inputs = Array.from({ length: ROUND }, (_, i) => transfer(from + i));
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (next < ROUND) {
          const input = inputs[next++];
          const started = performance.now();
          const [result] = await ledger.createTransfers([input]);
          latencies.push(performance.now() - started);
          if (result !== 'ok') throw new Error(`Benchmark transfer refused: ${result}`);
        }
      }),
    );
    return ROUND / ((performance.now() - t0) / 1000);
  };

  // Rounds alternate, so a slow moment of the machine (disk, a neighbour) weighs on both sides alike.
  const rawRates: number[] = [];
  const ourRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawRates.push(await raw(round * ROUND));
    ourRates.push(await ours(round * ROUND));
  }
  const perSecond = median(ourRates);
  const rawPerSecond = median(rawRates);
  const failed = (await ledger.verify()).filter((c) => !c.ok);
  if (failed.length) throw new Error(`Invariants failed after the benchmark: ${failed.map((c) => c.name).join(', ')}`);
  return { perSecond, rawPerSecond, p99: percentile(latencies, 0.99) };
}

const line = (label: string, f: Figures) =>
  `${label}: ${Math.round(f.perSecond)} transfers/s, ${(f.perSecond / f.rawPerSecond).toFixed(2)} of raw batched insert, p99 ${f.p99.toFixed(1)} ms`;

console.log(
  `${ROUNDS} rounds of ${ROUND} transfers from ${CALLERS} concurrent callers, alternating with ${ROUND} raw INSERTs in batches of ${RAW_BATCH}; medians.`,
);
if (process.env.DATABASE_URL) {
  const schema = `bench_${randomUUID().replaceAll('-', '')}`;
  const admin = await openPostgres(process.env.DATABASE_URL);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = await openPostgres(process.env.DATABASE_URL, { searchPath: schema });
  try {
    const f = await run(db);
    console.log(`raw batched insert (postgres): ${Math.round(f.rawPerSecond)} rows/s`);
    console.log(line('ledger (postgres)', f));
  } finally {
    await db.close();
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}
const dir = mkdtempSync(join(tmpdir(), 'wishmi-bench-'));
const db = await openPglite(join(dir, 'pglite'));
try {
  const f = await run(db);
  console.log(`raw batched insert (embedded PGlite, on disk): ${Math.round(f.rawPerSecond)} rows/s`);
  console.log(line('ledger', f));
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
