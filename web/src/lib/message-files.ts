import type { Locale } from '$shared/locale';

/**
 * Where each language's messages are, as the build names the files (`en.DvrLyEYr.json`): the app
 * fetches the reader's from there, and the page shells, written at build time, learn them too
 * (web/src/hooks.server.ts), to ask for it before the app's scripts arrive.
 */
const files = import.meta.glob<string>('../../../shared/i18n/messages/*.json', { query: '?url', import: 'default', eager: true });
export const MESSAGE_FILES = Object.fromEntries(
  Object.entries(files).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1, -'.json'.length), url]),
) as Record<Locale, string>;
