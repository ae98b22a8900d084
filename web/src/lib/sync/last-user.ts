/** Where the app remembers who last used it, so it can open their data with no network. */
export const LAST_USER = 'wishmi.lastUser';

export function rememberUser(userId: string | null): void {
  try {
    if (userId) localStorage.setItem(LAST_USER, userId);
    else localStorage.removeItem(LAST_USER);
  } catch {
    // Storage blocked: the app still works online.
  }
}

export function lastUser(): string | null {
  try {
    return localStorage.getItem(LAST_USER);
  } catch {
    return null;
  }
}
