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

/** Who may call a route: anyone, or the roles named. */
export type Access = typeof PUBLIC | readonly Role[];

export function mayCall(access: Access, role: Role | null): boolean {
  if (access === PUBLIC) return true;
  return role !== null && access.includes(role);
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
    const user = c.get('user');
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
