import adapter from '@sveltejs/adapter-static';

// The bare page `npm run audit` compares the youth home with (scripts/audit.mjs): the same SvelteKit,
// Svelte and Vite as the app, nothing of the app's. The audit builds it into a temporary directory
// (SvelteKit's own output stays here, where its server code finds the packages).
// (Read by the type-check too, which builds nothing: then a place inside SvelteKit's own output.)
const out = process.env.BARE_OUT_DIR ?? '.svelte-kit/bare-page';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ pages: `${out}/web`, assets: `${out}/web` }),
    paths: { relative: false },
  },
};
