import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // The web app lives in web/ so the repository's top level stays web/, server/, shared/, tests/.
    files: {
      src: 'web/src',
      assets: 'web/static',
      lib: 'web/src/lib',
      routes: 'web/src/routes',
      appTemplate: 'web/src/app.html',
      errorTemplate: 'web/src/error.html',
      serviceWorker: 'web/src/service-worker',
    },
    outDir: '.svelte-kit',
    // A single-page app: every page renders in the browser; the server answers unknown paths with index.html.
    adapter: adapter({ pages: 'build/web', assets: 'build/web', fallback: 'index.html', strict: false }),
    alias: { $shared: 'shared' },
    // The service worker (web/src/service-worker.ts) is registered by workbox-window, which also
    // tells the app when a new version is waiting.
    serviceWorker: { register: false },
    typescript: {
      // One type-check covers the whole repository, not only the web app.
      config(config) {
        config.include.push('../server/**/*.ts', '../shared/**/*.ts', '../tests/**/*.ts', '../*.ts');
      },
    },
  },
};
