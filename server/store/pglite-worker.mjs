// The embedded database in a thread of its own (see openPglite in db.ts). PostgreSQL compiled to
// WebAssembly runs one statement at a time and blocks the thread it runs on; here it blocks this one,
// so the server's JavaScript (requests, validation, the ledger's decisions) runs meanwhile on the other
// core, as it would beside a real database server.
//
// Plain JavaScript, so Node runs it as it is, from the sources (tests) and from a build alike.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const pg = await PGlite.create(workerData.dataDir ? { dataDir: workerData.dataDir } : {});

/** Open transactions: each waits, inside PGlite's own transaction, for the statements sent to it. */
const transactions = new Map();
let nextTransaction = 1;
/** Whether each recent pipelined unit committed, so a unit sent after one can tell whether to run. */
const outcomes = new Map();

const answer = (id, value) => parentPort.postMessage({ id, ...value });

/** A database error as plain data: its message and the fields callers read (code, constraint, detail …). */
function describe(error) {
  const plain = { message: error instanceof Error ? error.message : String(error) };
  for (const [key, value] of Object.entries(error ?? {})) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) plain[key] = value;
  }
  return plain;
}

const run = async (on, { sql, params }) => {
  const result = await on.query(sql, params ?? []);
  return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
};

/**
 * A unit: statements that commit together or not at all, each with the row count it must have. One
 * sent `after` another runs only if that one committed: it is queued behind it, so by the time it holds
 * the database that one has ended, and its outcome is known (or about to be, once its commit returns).
 */
async function runUnit({ statements, after, unit }) {
  let settle;
  outcomes.set(unit, new Promise((resolve) => (settle = resolve)));
  outcomes.delete(unit - 64);
  try {
    const results = await pg.transaction(async (tx) => {
      if (after !== undefined && !(await outcomes.get(after))) {
        throw Object.assign(new Error(`Unit ${unit} skipped: the unit it follows did not commit.`), { code: 'unit_skipped' });
      }
      const out = [];
      for (const statement of statements) {
        const result = await run(tx, statement);
        const count = /^\s*(select|with)\b/i.test(statement.sql) && result.affectedRows === 0 ? result.rows.length : result.affectedRows;
        if (statement.expect !== undefined && count !== statement.expect) {
          throw Object.assign(new Error(`Expected ${statement.expect} rows, got ${count}: ${statement.sql.slice(0, 60)}`), {
            code: 'unit_expectation',
          });
        }
        out.push(result);
      }
      return out;
    });
    settle(true);
    return { results };
  } catch (error) {
    settle(false);
    return { error: describe(error) };
  }
}

function begin(id) {
  const tx = nextTransaction++;
  const inbox = [];
  let wake = null;
  const next = () => (inbox.length ? Promise.resolve(inbox.shift()) : new Promise((resolve) => (wake = resolve)));
  transactions.set(tx, (message) => {
    // Nothing may follow the end: a statement sent after it is told the transaction is closed.
    if (message.op === 'end') transactions.delete(tx);
    if (wake) {
      const w = wake;
      wake = null;
      w(message);
    } else inbox.push(message);
  });
  let ending = null;
  pg.transaction(async (on) => {
    answer(id, { tx });
    for (;;) {
      const message = await next();
      if (message.op === 'end') {
        ending = message;
        if (!message.commit) await on.rollback();
        return;
      }
      try {
        answer(message.id, message.op === 'exec' ? (await on.exec(message.sql), {}) : await run(on, message));
      } catch (error) {
        answer(message.id, { error: describe(error) });
      }
    }
  })
    .then(
      () => answer(ending.id, {}),
      (error) => (ending ? answer(ending.id, { error: describe(error) }) : answer(id, { error: describe(error) })),
    )
    .finally(() => transactions.delete(tx));
}

async function handle(message) {
  if (message.tx !== undefined) {
    const deliver = transactions.get(message.tx);
    if (deliver) deliver(message);
    else answer(message.id, { error: { message: `Transaction ${message.tx} is not open.` } });
    return;
  }
  try {
    switch (message.op) {
      case 'query':
        answer(message.id, await run(pg, message));
        break;
      case 'exec':
        await pg.exec(message.sql);
        answer(message.id, {});
        break;
      case 'begin':
        begin(message.id);
        break;
      case 'unit':
        answer(message.id, await runUnit(message));
        break;
      case 'close':
        await pg.close();
        answer(message.id, {});
        break;
      default:
        answer(message.id, { error: { message: `Unknown operation ${message.op}` } });
    }
  } catch (error) {
    answer(message.id, { error: describe(error) });
  }
}

parentPort.on('message', handle);
parentPort.postMessage({ ready: true });
