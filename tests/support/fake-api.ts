import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { ErrorCode, FieldError } from '$shared/errors';
import { loadMessages } from '$lib/i18n';
import type { Locale } from '$shared/locale';
import { ROOT } from './process';

/** One request a page's module sent, as the server would read it. */
export type SentRequest = { method: string; path: string; query: Record<string, string>; body: unknown };

/** What the fake server answers a request with: a body (200, JSON), a Response, or a promise of either. */
type Answer = unknown;
type Route = `${'GET' | 'POST' | 'PUT' | 'DELETE'} /api/${string}`;

/**
 * The server, as a web module's unit tests need it: it answers only the requests the test set up, by
 * method and path, and keeps every request it was sent, to check what a page asked for. Installed as
 * the browser's `fetch`, so the module talks to it through the app's real API client.
 */
export class FakeApi {
  readonly sent: SentRequest[] = [];
  #answers = new Map<string, (request: SentRequest) => Answer>();
  #offline = false;

  /** The answer to `METHOD /api/path` (query left out) from now on: a body, or a function of the request. */
  on(route: Route, answer: (request: SentRequest) => Answer): this;
  on(route: Route, answer: Answer): this;
  on(route: Route, answer: Answer | ((request: SentRequest) => Answer)): this {
    this.#answers.set(
      route,
      typeof answer === 'function'
        ? (answer as (request: SentRequest) => Answer)
        : answer instanceof Response
          ? () => answer.clone()
          : () => structuredClone(answer),
    );
    return this;
  }

  /** No network from now on: every request fails as a dropped connection does (`online()` undoes it). */
  offline(): this {
    this.#offline = true;
    return this;
  }

  online(): this {
    this.#offline = false;
    return this;
  }

  /** The requests sent to one route, in order. */
  to(route: Route): SentRequest[] {
    return this.sent.filter((request) => `${request.method} ${request.path}` === route);
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const sent: SentRequest = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
    };
    this.sent.push(sent);
    if (this.#offline) throw new TypeError('Failed to fetch');
    const answer = this.#answers.get(`${sent.method} ${sent.path}`);
    if (!answer) return refusal(404, 'not_found', `The fake server has no answer for ${sent.method} ${sent.path}.`);
    const body = await answer(sent);
    return body instanceof Response ? body : Response.json(body ?? {});
  };
}

/** The server's refusal, as the API sends it: a status, a code, a message and the fields at fault. */
export function refusal(status: number, code: ErrorCode, message: string = code, fields: FieldError[] = []): Response {
  return Response.json({ error: { code, message, fields } }, { status });
}

/** An answer the test hands over when it chooses: what the page shows while it waits can be checked. */
export function held<T = unknown>(): { answer: Promise<T>; give(value: T): void } {
  let give!: (value: T) => void;
  const answer = new Promise<T>((resolve) => (give = resolve));
  return { answer, give };
}

/** A fresh fake server for each test of the file, installed as `fetch`. */
export function useFakeApi(): () => FakeApi {
  let api = new FakeApi();
  beforeEach(() => {
    api = new FakeApi();
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());
  return () => api;
}

/**
 * Loads a language's real messages once for the file, the way the app does when a page opens: a
 * test then compares what a module says with the message it should be, its values filled in.
 */
export function useMessages(locale: Locale = 'en'): void {
  beforeAll(async () => {
    const text = readFileSync(join(ROOT, 'shared/i18n/messages', `${locale}.json`), 'utf8');
    const shell = globalThis as { window?: unknown };
    shell.window = { wishmiMessages: { for: locale, answer: Promise.resolve(new Response(text)) } };
    try {
      await loadMessages(locale);
    } finally {
      delete shell.window;
    }
  });
}
