/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The app shell, precached with workbox: the installed app opens with no network, even after a full
// reload. A new version waits until the person chooses to reload (the app shows "Update available").
import { build, files, prerendered, version } from '$service-worker';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';

const sw = self as unknown as ServiceWorkerGlobalScope;

precacheAndRoute([
  // Hashed files never change under their name; the others are checked against this build's version.
  ...build.map((url) => ({ url, revision: url.includes('/_app/immutable/') ? null : version })),
  ...files.filter((url) => !url.endsWith('robots.txt')).map((url) => ({ url, revision: version })),
  // Each known page's own shell, under the address it is opened at, and the shell of any other page.
  ...prerendered.map((url) => ({ url, revision: version })),
  { url: '/200.html', revision: version },
]);
cleanupOutdatedCaches();

// Any other page (a link with a query, say) opens in the fallback shell; the API is never answered from the cache…
registerRoute(new NavigationRoute(createHandlerBoundToURL('/200.html'), { denylist: [/^\/api\//] }));

// …except activity photos: public and never changed under their address, kept once seen (the most
// recent few hundred), so an activity opened before shows its photos offline too.
registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === sw.location.origin && url.pathname.startsWith('/api/photos/'),
  new CacheFirst({ cacheName: 'wishmi-photos', plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600 })] }),
);

sw.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

// Background Sync: the browser wakes us when the network is back; an open page does the sync.
sw.addEventListener('sync', (event) => {
  const syncEvent = event as ExtendableEvent & { tag: string };
  if (syncEvent.tag !== 'wishmi-sync') return;
  syncEvent.waitUntil(
    sw.clients.matchAll({ type: 'window' }).then((windows) => {
      for (const client of windows) client.postMessage({ type: 'sync' });
    }),
  );
});
