import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import type { RouterRoute } from 'hono/types';
import type { AppEnv } from './env';
import { AppError } from './errors';
import { ROLES, type Role } from '$shared/roles';

/** Anyone, signed in or not. */
export const PUBLIC = 'public' as const;
/** Anyone signed in, whatever their role. */
export const SIGNED_IN: readonly Role[] = ROLES;

/** A hub's enrolled kiosk, by its own credential (whoever is signed in on it, or no one). */
export const KIOSK = 'kiosk' as const;

/** Who may call a route: anyone, a hub's kiosk, or the roles named. */
export type Access = typeof PUBLIC | typeof KIOSK | readonly Role[];

/** Whether a caller (a role, `kiosk` for a kiosk with no one signed in, or null for nobody) may call a route. */
export function mayCall(access: Access, caller: Role | typeof KIOSK | null): boolean {
  if (access === PUBLIC) return true;
  if (access === KIOSK) return caller === KIOSK;
  return caller !== null && caller !== KIOSK && access.includes(caller);
}

/**
 * What each `allow(...)` middleware lets through, kept beside the function itself so the route-by-role
 * matrix can be read back from the routes an app registers instead of being written a second time.
 */
const declared = new WeakMap<RouterRoute['handler'], Access>();

/**
 * Lets the call through only for the roles given. Every API route passes one as its first handler,
 * right beside its path: `.get('/transfers', allow(['guardian', 'youth']), …)`.
 */
export function allow(access: Access): MiddlewareHandler<AppEnv> {
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    if (access === KIOSK) {
      if (!c.get('kiosk')) throw new AppError(c.get('kioskRevoked') ? 'kiosk_revoked' : 'kiosk_required');
      return next();
    }
    const user = c.get('user');
    // A kiosk's credential is no person: on any other route it opens nothing.
    if (access !== PUBLIC && !user && (c.get('kiosk') || c.get('kioskRevoked'))) throw new AppError('kiosk_forbidden');
    if (access !== PUBLIC && !user) throw new AppError(c.get('sessionExpired') ? 'session_expired' : 'unauthenticated');
    if (!mayCall(access, user?.role ?? null)) throw new AppError('forbidden');
    return next();
  });
  declared.set(middleware, access);
  return middleware;
}

/**
 * The route-by-role matrix of an app, read from its registered routes (`app.routes`): each API route,
 * as `METHOD /path`, with every access its handlers declared through `allow(...)`. A route that
 * declares none has an empty list; one that declares two has both, and either is a mistake the matrix
 * test reports. Middleware mounted for every method (`app.use`) is no route of its own and is skipped.
 */
export function declaredAccess(routes: readonly RouterRoute[]): Map<string, Access[]> {
  const matrix = new Map<string, Access[]>();
  for (const { method, path, handler } of routes) {
    if (method === 'ALL' || !path.startsWith('/api/')) continue;
    const route = `${method} ${path}`;
    const found = matrix.get(route) ?? [];
    const access = declared.get(handler);
    if (access !== undefined) found.push(access);
    matrix.set(route, found);
  }
  return matrix;
}
