import { api } from '$lib/services/api';
import { switchLanguage } from '$lib/i18n';
import type { Locale } from '$shared/locale';

/** `language`: the kiosk's own, set for the next person; `reload`: start the page afresh (in-memory state gone). */
export type Forgetting = { language: Locale; reload: boolean };

/** The kiosk's own keys in local storage: where it keeps its hub's page, and a leave still to send. Nothing of a person's. */
const KIOSK_KEYS = /^wishmi\.kiosk\./;
const LEAVING = 'wishmi.kiosk.leaving';

/**
 * Everything of the person who used the kiosk leaves it: their session on the server (and its cookie),
 * every database of a person in IndexedDB, every cache but the app's own files, local and session
 * storage but the kiosk's own keys, readable cookies, and, with a new page that replaces the old one
 * in the history, everything in memory. If the server cannot be reached, the leave is kept and sent
 * before anyone else signs in (the session would end by itself within half an hour anyway).
 */
export async function forgetEverything({ language, reload }: Forgetting): Promise<void> {
  try {
    localStorage.setItem(LEAVING, '1');
  } catch {
    // Storage blocked: the session is ended now or never kept.
  }
  let ended = false;
  try {
    await api.kiosk.done.$post({ json: {} });
    ended = true;
  } catch {
    // Offline: sent on the next start.
  }
  await Promise.all([forgetDatabases(), forgetCaches()]);
  forgetStorage();
  forgetCookies();
  try {
    if (ended) localStorage.removeItem(LEAVING);
  } catch {
    // As above.
  }
  switchLanguage(language, { reload: false });
  if (reload) location.replace('/kiosk');
}

async function forgetDatabases(): Promise<void> {
  if (typeof indexedDB === 'undefined' || !indexedDB.databases) return;
  const databases = await indexedDB.databases().catch(() => []);
  await Promise.all(
    databases
      .map((d) => d.name)
      .filter((name): name is string => !!name)
      .map(
        (name) =>
          new Promise<void>((resolve) => {
            const request = indexedDB.deleteDatabase(name);
            request.onsuccess = request.onerror = request.onblocked = () => resolve();
          }),
      ),
  );
}

/** Every cache but the service worker's copy of the app itself (which holds nobody's data). */
async function forgetCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys().catch(() => []);
  await Promise.all(names.filter((name) => !name.startsWith('workbox-precache')).map((name) => caches.delete(name)));
}

function forgetStorage(): void {
  try {
    sessionStorage.clear();
    for (const key of Object.keys(localStorage)) if (!KIOSK_KEYS.test(key)) localStorage.removeItem(key);
  } catch {
    // Storage blocked: nothing was kept there.
  }
}

/** Cookies a page can read (the session's is not one: the server ends it and clears it). */
function forgetCookies(): void {
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}
