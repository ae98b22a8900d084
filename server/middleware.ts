import { getCookie, deleteCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { getConnInfo } from '@hono/node-server/conninfo';
import { vValidator } from '@hono/valibot-validator';
import type { GenericSchema } from 'valibot';
import type { Context } from 'hono';
import type { AppEnv } from './env';
import { AppError } from './errors';
import { BASE_LOCALE, pickLocale } from '$shared/locale';
import { issueToField } from '$shared/validation';

export const SESSION_COOKIE = 'wishmi_session';
/** An operator's own session, kept aside while their browser acts for a family at the desk (assisted mode). */
export const OPERATOR_COOKIE = 'wishmi_operator';
/** A hub kiosk's own credential: it opens kiosk pages, and no person's data without their card and PIN. */
export const KIOSK_COOKIE = 'wishmi_kiosk';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isHttps(c: Context<AppEnv>): boolean {
  if (c.get('config').trustProxy && c.req.header('x-forwarded-proto') === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

function clientAddress(c: Context<AppEnv>): string {
  if (c.get('config').trustProxy) {
    // The trusted proxy appends the address it saw: the rightmost entry. Anything left of it was
    // written by the client and proves nothing.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'local';
  }
}

/**
 * Cross-site request forgery: the session cookie is SameSite=Lax, every state-changing call must be
 * JSON (which a cross-site form cannot send without a CORS preflight we never grant), and a browser's
 * Origin and Sec-Fetch-Site headers, when present, must say the call came from our own pages.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  if (!UNSAFE_METHODS.has(c.req.method)) return next();
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new AppError('csrf_rejected');
  const origin = c.req.header('origin');
  if (origin) {
    const host = c.req.header('x-forwarded-host') && c.get('config').trustProxy ? c.req.header('x-forwarded-host') : c.req.header('host');
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (!host || originHost !== host) throw new AppError('csrf_rejected');
  }
  // A DELETE carries no body and no cross-site form can send one; every other change must be JSON.
  const hasBody = c.req.method !== 'DELETE' || Number(c.req.header('content-length') ?? 0) > 0;
  const type = c.req.header('content-type') ?? '';
  if (hasBody && !/^application\/json\b/i.test(type)) throw new AppError('json_required');
  return next();
});

/** Finds who is calling from the session cookie, and the language to answer in. */
export const session = createMiddleware<AppEnv>(async (c, next) => {
  c.set('clientAddress', clientAddress(c));
  c.set('user', null);
  c.set('sessionExpired', false);
  c.set('kiosk', null);
  c.set('kioskRevoked', false);
  const kioskToken = getCookie(c, KIOSK_COOKIE);
  if (kioskToken) {
    const found = await c.get('services').kiosks.identify(kioskToken);
    c.set('kiosk', found.kiosk);
    c.set('kioskRevoked', !found.kiosk && found.revoked);
  }
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const found = await c.get('services').auth.lookupSession(token);
    // A session opened at a kiosk works there only, with that kiosk's credential beside it; and a
    // kiosk's browser carries no other session (someone signed in there before it was enrolled).
    const kiosk = c.get('kiosk') ?? (c.get('kioskRevoked') ? { id: null } : null);
    if (found.user && (found.user.kioskId ?? null) !== (kiosk?.id ?? null)) {
      c.set('sessionExpired', true);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    } else if (found.user) c.set('user', found.user);
    else {
      c.set('sessionExpired', true);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    }
  }
  // The page's own language (sent by the app as Accept-Language) wins over the account's stored choice.
  c.set('locale', pickLocale(c.req.header('accept-language')) ?? c.get('user')?.language ?? BASE_LOCALE);
  return next();
});

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', expires: expiresAt });
}

/** Kept as long as the help lasts at most: a desk's browser does not hold an operator's session aside for longer. */
export function setOperatorCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, OPERATOR_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/api/assist', expires: expiresAt });
}

export function clearOperatorCookie(c: Context<AppEnv>): void {
  deleteCookie(c, OPERATOR_COOKIE, { path: '/api/assist', secure: isHttps(c) });
}

/** A kiosk keeps its credential for a year; revoking it on the hub's page ends it sooner. */
export function setKioskCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, KIOSK_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/', maxAge: 365 * 24 * 60 * 60 });
}

/** The kiosk the request came from; only for routes declared `allow(KIOSK)` or checking it themselves. */
export function atKiosk(c: Context<AppEnv>) {
  const kiosk = c.get('kiosk');
  if (!kiosk) throw new AppError(c.get('kioskRevoked') ? 'kiosk_revoked' : 'kiosk_required');
  return kiosk;
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

/** The signed-in user; only for routes whose `allow(...)` excludes anonymous callers. */
export function signedIn(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new AppError('unauthenticated');
  return user;
}

/** Validates one part of the request (JSON body, query string, path parameters) with a shared valibot schema; bad input is a 400 naming each field. */
export function valid<T extends 'json' | 'query' | 'param', S extends GenericSchema>(target: T, schema: S) {
  return vValidator(target, schema, (result) => {
    if (!result.success) throw new AppError('validation_failed', result.issues.map(issueToField));
  });
}

export const jsonBody = <S extends GenericSchema>(schema: S) => valid('json', schema);
