import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { openPglite, openPostgres, type Db } from './db';

/**
 * Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR.
 * PGlite is a single-process engine, so a lock file stops a second server from opening the same files.
 */
export async function openDatabase(config: Config): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  mkdirSync(config.dataDir, { recursive: true });
  const lockFile = join(config.dataDir, 'pglite.lock');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The database in ${config.dataDir} is in use by process ${pid}. Stop it first, or set DATA_DIR.`);
    }
  }
  writeFileSync(lockFile, String(process.pid));
  const db = await openPglite(join(config.dataDir, 'pglite'));
  return {
    ...db,
    async close() {
      await db.close();
      rmSync(lockFile, { force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
