import { serve } from '@hono/node-server';
import { loadConfig } from './config';
import { openDatabase } from './store/open';
import { migrate } from './store/migrate';
import { newApp } from './app';
import { DEMO_CARDS, DEMO_PASSWORD, DEMO_SIGN_INS, isEmpty, seedDemo } from './seed/demo';
import { formatCardNumber } from '$shared/cards';
import { progressBar, seedMilan } from './seed/milan';
import { systemClock } from './clock';
import { createServices } from './services';
import { CITY_ACCOUNTS } from './services/ledger/accounts';

const MINUTE_MS = 60 * 1000;
const HOURLY_MS = 60 * MINUTE_MS;
const formatEuros = (cents: number) => `EUR ${(cents / 100).toFixed(2)}`;

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...args] = argv;
  const config = loadConfig();
  const db = await openDatabase(config);
  const where = db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL at DATABASE_URL';
  try {
    const applied = await migrate(db);
    if (applied.length) console.log(`Applied migrations ${applied.join(', ')} to the ${where}.`);
  } catch (error) {
    await db.close();
    throw error;
  }

  if (command === 'seed') {
    // The demo sign-ins always come first, so a Milan-sized database can still be signed into.
    const demo = await seedDemo(db, systemClock.now());
    console.log(demo ? `Added demo data to the ${where}.` : `The ${where} already has the demo data.`);
    if (args.includes('--scale=milan')) {
      const milan = await seedMilan(db, systemClock.now(), progressBar());
      console.log(milan ? `Added Milan-sized data to the ${where}.` : `The ${where} already has the Milan-sized data.`);
    }
    await db.close();
    return;
  }
  if (command === 'migrate') {
    await db.close();
    return;
  }
  const services = createServices(db, systemClock);
  if (command === 'verify-ledger') {
    const checks = await services.ledger.verify();
    console.log(`Checking the ledger in the ${where}:`);
    for (const check of checks) console.log(`  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name} — ${check.detail}`);
    await db.close();
    process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
    return;
  }
  if (command === 'sweep') {
    const released = await services.ledger.voidLapsedHolds();
    console.log(`Released ${released} lapsed hold(s) in the ${where}.`);
    const swept = await services.calls.sweepAll((callId, report) =>
      console.log(
        `  call ${callId}: ${report.vouchers} voucher(s) returned so far, ${formatEuros(report.returnedCents)} (batch ${report.batches})`,
      ),
    );
    console.log(
      `Returned ${formatEuros(swept.returnedCents)} of unspent credit from ${swept.vouchers} voucher(s) past their spending deadline to the city.`,
    );
    const refilled = await services.calls.reclaim();
    console.log(`Funded ${refilled} household(s) on waiting lists with money freed on declined or revoked vouchers.`);
    await db.close();
    return;
  }
  if (command !== 'serve') {
    await db.close();
    throw new Error(`Unknown command "${command}". Use serve, seed [--scale=milan], migrate, verify-ledger or sweep.`);
  }

  // Demo data goes only into a fresh embedded database: a real PostgreSQL is never filled with it.
  if (db.kind === 'pglite' && (await isEmpty(db))) {
    await seedDemo(db, systemClock.now());
    console.log('Added demo data to the new embedded database.');
  }

  await services.ledger.createAccounts(CITY_ACCOUNTS);
  const app = newApp({ db, clock: systemClock, config, services });
  const jobs = [
    setInterval(() => void services.auth.removeExpired().catch((e) => console.error('Session sweep failed:', e)), HOURLY_MS),
    // Holds lapse on their own timeout; releasing them within a minute keeps "available" honest.
    setInterval(() => void services.ledger.voidLapsedHolds().catch((e) => console.error('Hold sweep failed:', e)), MINUTE_MS),
    // After a call's spending deadline (and grace), unspent credit goes back to the city; later runs pick up released holds.
    setInterval(() => void services.calls.sweepAll().catch((e) => console.error('Expiry sweep failed:', e)), HOURLY_MS),
    // Money a released hold frees on a declined or revoked voucher goes back to its call and the next household waiting.
    setInterval(() => void services.calls.reclaim().catch((e) => console.error('Voucher reclaim failed:', e)), HOURLY_MS),
  ];
  for (const job of jobs) job.unref();

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    console.log(`\nWISH MI is running at http://${shown}:${info.port}  (${where})`);
    console.log(`Demo sign-ins, all with the password ${DEMO_PASSWORD}:`);
    for (const { email, role } of DEMO_SIGN_INS) console.log(`  ${email.padEnd(28)} ${role}`);
    console.log(`Demo cards (at /kiosk once a hub operator has enrolled it, or "Sign in with a card"):`);
    for (const { name, number, pin } of DEMO_CARDS) console.log(`  ${formatCardNumber(number)}  PIN ${pin}  ${name}`);
    console.log('Press Ctrl-C to stop.\n');
  });
  // An idle keep-alive connection is closed by the side that gives up first: if that is the server
  // (Node's default is 5 s), a client sending on it at that moment gets ECONNRESET. Phones, proxies and
  // test clients keep theirs for up to a minute, so the server holds on a little longer than they do.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping; finishing open requests and closing the database…`);
    for (const job of jobs) clearInterval(job);
    // Stop taking connections, let requests in flight finish, then close the database so every write is on disk.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    console.log('Stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
