import { loadMessages } from '$lib/i18n';

// Pages render in the browser; the server only answers /api and serves files. Each page's empty
// shell is still written at build time, so it names its own scripts and styles and the browser
// fetches them all at once instead of learning them one round trip after another.
export const ssr = false;
export const prerender = true;

// The reader's language before anything is drawn (its own chunk: see $lib/i18n).
export const load = () => loadMessages();
