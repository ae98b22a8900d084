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
    // Every page renders in the browser. Known pages have their own shell (`youth.html`); the server
    // answers any other path with the fallback shell, 200.html.
    adapter: adapter({ pages: 'build/web', assets: 'build/web', fallback: '200.html', strict: false }),
    alias: { $shared: 'shared' },
    // Absolute asset paths: the same shell is served at any depth (the fallback answers every unknown path).
    paths: { relative: false },
    // The service worker (web/src/service-worker.ts) is registered by workbox-window, which also
    // tells the app when a new version is waiting.
    serviceWorker: { register: false },
    typescript: {
      // One type-check covers the whole repository, not only the web app.
      config(config) {
        config.include.push('../web/vite/**/*.ts', '../server/**/*.ts', '../shared/**/*.ts', '../tests/**/*.ts', '../*.ts');
      },
    },
  },
};
