import type { Handle } from '@sveltejs/kit';
import { MESSAGE_FILES } from '$lib/message-files';
import ICONS from '$lib/icons.svg?raw';

/**
 * The page shells are written at build time (every page renders in the browser): each learns where the
 * language files are, so it fetches the reader's while the app's scripts are still on their way,
 * rather than one round trip after they have run. Each also carries the app's icons (scripts/icons.mjs).
 */
export const handle: Handle = ({ event, resolve }) =>
  resolve(event, {
    transformPageChunk: ({ html }) =>
      html.replace("'%wishmi.messageFiles%'", () => JSON.stringify(MESSAGE_FILES)).replace('<!--%wishmi.icons%-->', () => ICONS.trim()),
  });
