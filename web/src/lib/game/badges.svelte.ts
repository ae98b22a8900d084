import { api, errorText } from '$lib/services/api';
import { currentLocale } from '$lib/i18n';
import type { BadgeKey } from '$shared/badges';

/** Hands a file to the person, as a download. */
export function saveFile(file: Blob, name: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The name of a badge's credential file. */
export const credentialFile = (key: BadgeKey) => `wishmi-badge-${key}.json`;

/** A young person's earned badges, each downloadable as a signed Open Badges 3.0 credential in the reader's language. */
export class BadgeCredentials {
  /** The badge whose credential is being fetched. */
  busy = $state<BadgeKey | null>(null);
  /** The badge whose file was just saved. */
  saved = $state<BadgeKey | null>(null);
  problem = $state<{ key: BadgeKey; text: string } | null>(null);

  constructor(private readonly save: (file: Blob, name: string) => void = saveFile) {}

  async download(key: BadgeKey): Promise<void> {
    this.busy = key;
    this.problem = null;
    this.saved = null;
    try {
      const response = await api.badges[':key'].credential.$get({ param: { key }, query: { lang: currentLocale() } });
      this.save(await response.blob(), credentialFile(key));
      this.saved = key;
    } catch (error) {
      this.problem = { key, text: errorText(error) };
    } finally {
      this.busy = null;
    }
  }
}

/**
 * The badges earned since this device last showed the wall (to celebrate them once), remembered as
 * seen from now on, for this person only.
 */
export function newlyEarned(userId: string, earned: BadgeKey[]): BadgeKey[] {
  const key = `wishmi.seenBadges.${userId}`;
  let seen: string[] = [];
  try {
    seen = JSON.parse(localStorage.getItem(key) ?? '[]') as string[];
  } catch {
    // Nothing readable kept: everything earned is news.
  }
  try {
    localStorage.setItem(key, JSON.stringify([...new Set([...seen, ...earned])]));
  } catch {
    // Storage full: the celebration may show again next time, nothing worse.
  }
  return earned.filter((badge) => !seen.includes(badge));
}
