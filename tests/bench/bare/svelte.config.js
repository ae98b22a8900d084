import adapter from '@sveltejs/adapter-static';

// The bare page `npm run audit` compares the youth home with (scripts/audit.mjs): the same SvelteKit,
// Svelte and Vite as the app, nothing of the app's. The audit builds it into a temporary directory
// (SvelteKit's own output stays here, where its server code finds the packages).
const out = process.env.BARE_OUT_DIR;
if (!out) throw new Error('BARE_OUT_DIR: where to build the bare page (scripts/audit.mjs sets it)');

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ pages: `${out}/web`, assets: `${out}/web` }),
    paths: { relative: false },
  },
};
