/**
 * A question the page's shell (app.html) asked the server before the app's scripts arrived, kept on
 * `window` under its name, with what it was asked for when that matters (the reader's language).
 */
type EarlyQuestion = { for?: string; answer: Promise<Response | null> };

/**
 * The answer to a question the shell asked early, taken once: the first page then waits one round
 * trip fewer. Anything but a plain JSON answer to the question wanted now is `undefined`, and the app
 * asks again, the usual way.
 */
export async function takeEarly(name: 'wishmiSession' | 'wishmiMessages', wanted?: string): Promise<unknown> {
  const shell = window as unknown as Record<string, EarlyQuestion | undefined>;
  const early = shell[name];
  if (!early) return undefined;
  delete shell[name];
  if (early.for !== wanted) return undefined;
  const response = await early.answer;
  if (!response?.ok) return undefined;
  return response.json().catch(() => undefined);
}
