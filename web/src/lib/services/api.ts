import { hc } from 'hono/client';
import type { AppType } from '../../../../server/app';
import type { ApiErrorBody, FieldError } from '$shared/errors';
import { currentLocale, m } from '$lib/i18n';

/** A failed call: the server's code and translated message, or `offline` when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const signedOutListeners = new Set<() => void>();

/** Called whenever the server says the session is gone (expired, or signed out elsewhere). */
export function onSignedOut(listener: () => void): void {
  signedOutListeners.add(listener);
}

/** Every call sends the page's language and the session cookie, and turns an error answer into an ApiError. */
export async function apiFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Accept-Language', currentLocale());
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError('offline', m.error_offline(), 0);
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  if (response.status === 401 && (body?.error.code === 'session_expired' || body?.error.code === 'unauthenticated')) {
    for (const listener of signedOutListeners) listener();
  }
  throw new ApiError(body?.error.code ?? 'internal', body?.error.message ?? m.error_internal(), response.status, body?.error.fields ?? []);
}

export const api = hc<AppType>(typeof location === 'undefined' ? 'http://localhost' : location.origin, { fetch: apiFetch }).api;

/** Messages keyed by field path, to show each beside its input. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fields.map((f) => [f.path, f.message]));
}

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : m.error_internal();
}
