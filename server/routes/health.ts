import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { AppError } from '../errors';
import { version } from '../../package.json';

export const healthRoutes = new Hono<AppEnv>().get('/', allow(PUBLIC), async (c) => {
  const { db } = c.get('services');
  try {
    await db.query('SELECT 1');
  } catch {
    throw new AppError('unavailable');
  }
  return c.json({ status: 'ok' as const, database: db.kind, version });
});
