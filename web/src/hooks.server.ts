import type { Handle } from '@sveltejs/kit';

// The language files as the build names them (`en.DvrLyEYr.json`), the same names the app fetches.
const catalogues = import.meta.glob<string>('../../shared/i18n/messages/*.json', { query: '?url', import: 'default', eager: true });
const byLocale = Object.fromEntries(Object.entries(catalogues).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1, -'.json'.length), url]));

/**
 * The page shells are written at build time (every page renders in the browser): each learns where the
 * language files are, so it fetches the reader's while the app's scripts are still on their way,
 * rather than one round trip after they have run.
 */
export const handle: Handle = ({ event, resolve }) =>
  resolve(event, { transformPageChunk: ({ html }) => html.replace("'%wishmi.catalogues%'", () => JSON.stringify(byLocale)) });
