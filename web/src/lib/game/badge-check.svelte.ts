import { api, ApiError, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';

/** What the server found: a badge it signed, or why the file is not one. */
export type Verdict = { valid: true; badge: string; name: string; validFrom: string } | { valid: false; reason: string };

/** A badge file is a few kilobytes: anything far larger is not one. */
export const MAX_BADGE_FILE_BYTES = 200_000;

type Credential = Parameters<typeof api.badges.verify.$post>[0]['json'];

/**
 * Anyone (a school, an employer) checks a WISH MI badge file, pasted or chosen: the server checks its
 * signature. Nothing is kept.
 */
export class BadgeCheck {
  text = $state('');
  /** The file the text came from, until the person types in it. */
  fileName = $state<string | null>(null);
  checking = $state(false);
  verdict = $state<Verdict | null>(null);
  /** Why there is no verdict: not a credential at all, or the server could not be asked. */
  problem = $state<string | null>(null);

  /** Reads a chosen file into the text to check. */
  async chooseFile(file: File | undefined): Promise<void> {
    this.verdict = null;
    this.problem = null;
    if (!file) return;
    this.fileName = file.name;
    if (file.size > MAX_BADGE_FILE_BYTES) {
      this.text = '';
      this.problem = m.game_verify_not_json();
      return;
    }
    this.text = await file.text();
  }

  /** The person typed in the text: it is no longer the file's. */
  typed(): void {
    this.fileName = null;
  }

  async verify(): Promise<void> {
    this.verdict = null;
    this.problem = null;
    const credential = jsonObject(this.text);
    if (!credential) {
      this.problem = m.game_verify_not_json();
      return;
    }
    this.checking = true;
    try {
      this.verdict = (await (await api.badges.verify.$post({ json: credential as Credential })).json()) as Verdict;
    } catch (error) {
      // Not shaped like a credential at all (the server names the fields): said as plainly as a bad one.
      this.problem = error instanceof ApiError && error.code === 'validation_failed' ? m.error_credential_malformed() : errorText(error);
    } finally {
      this.checking = false;
    }
  }
}

/** The text as a JSON object, or null when it is not one. */
function jsonObject(text: string): object | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
