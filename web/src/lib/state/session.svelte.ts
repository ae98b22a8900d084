import type { Me } from '$shared/account';
import type { AssistInfo } from '$shared/assist';
import type { ApplyInput } from '$shared/provider';
import { HOME_PATH } from '$shared/roles';
import { api, ApiError, errorText, onSignedOut } from '$lib/services/api';
import { switchLanguage } from '$lib/i18n';
import type { Locale } from '$shared/locale';
import { device, lastKnownMe } from '$lib/sync/device.svelte';
import { show } from '$lib/sync/registry';
import { takeEarly } from '$lib/early';

/** Who is signed in on this device, shared by every page. */
class Session {
  me = $state<Me | null>(null);
  /** At a hub's desk: the operator helping this family, while they do. */
  assist = $state<AssistInfo | null>(null);
  /** `loading` until the first answer from the server; `unreachable` when it could not answer (with why). */
  status = $state<'loading' | 'ready' | 'unreachable'>('loading');
  problem = $state<string | null>(null);
  /** Opened from this device's own copy, with no answer from the server yet. */
  offline = $state(false);
  #watching: { unsubscribe(): void } | null = null;

  constructor() {
    // A session that ends mid-use (expired, signed out on another tab) sends every page to sign-in.
    onSignedOut(() => {
      this.me = null;
      this.status = 'ready';
      this.#watching?.unsubscribe();
      // Nobody opens this person's data offline after their session ended (kept only if changes wait).
      void device.forget();
    });
  }

  get home(): string {
    return this.me ? HOME_PATH[this.me.role] : '/';
  }

  async refresh(): Promise<void> {
    try {
      const answer = (await earlyAnswer()) ?? (await (await api.auth.session.$get()).json());
      this.me = answer.me;
      this.assist = answer.assist ?? null;
      this.offline = false;
      this.status = 'ready';
    } catch (error) {
      // No network: open with this device's copy of the last person who used it, and catch up later.
      const known = error instanceof ApiError && error.code === 'offline' ? await lastKnownMe().catch(() => null) : null;
      if (known) {
        this.me = known;
        this.offline = true;
        this.status = 'ready';
      } else {
        // A server error says nothing about who is signed in: keep asking, do not sign out.
        this.status = 'unreachable';
        this.problem = errorText(error);
      }
    }
    if (this.me) this.#follow(this.me.id);
  }

  /** From now on `me` is this device's live view: a name changed here or on another device shows at once. */
  #follow(userId: string): void {
    device.start(userId);
    this.#watching?.unsubscribe();
    this.#watching = null;
    void device.started().then(() => {
      // Signed out, or someone else, while the device's storage was opening.
      if (this.me?.id !== userId || this.#watching) return;
      this.#watching =
        device.stored('me', userId)?.subscribe(({ data, pending }) => {
          const shown = show('me', data, pending);
          if (shown && this.me?.id === shown.id && JSON.stringify(shown) !== JSON.stringify(this.me)) this.me = shown;
        }) ?? null;
    });
  }

  /**
   * Signs in and opens the role's home in the account's own language: on a shared family phone,
   * each person gets the language they chose, whoever used the phone before.
   */
  async login(email: string, password: string, next: string | null = null): Promise<void> {
    const res = await api.auth.login.$post({ json: { email, password } });
    const { me } = await res.json();
    // Stored whatever this page shows: another tab may have stored another language meanwhile.
    switchLanguage(me.language, { reload: false });
    location.assign(next ?? HOME_PATH[me.role]);
  }

  /** Signs in with a person card's number (or its QR) and PIN: how a child with no email uses the app on a phone. */
  async loginWithCard(card: string, pin: string): Promise<void> {
    const res = await api.auth.card.$post({ json: { card, pin } });
    const { me } = await res.json();
    switchLanguage(me.language, { reload: false });
    location.assign(HOME_PATH[me.role]);
  }

  async register(input: { email: string; password: string; name: string; language: Locale; municipio: number }): Promise<void> {
    const res = await api.auth.register.$post({ json: input });
    const { me } = await res.json();
    switchLanguage(me.language, { reload: false });
    location.assign(HOME_PATH[me.role]);
  }

  /** An organisation applies to the programme; its first staff member lands on the provider home to follow it. */
  async applyAsProvider(input: ApplyInput): Promise<void> {
    const res = await api.providers.apply.$post({ json: input });
    const { me } = await res.json();
    switchLanguage(me.language, { reload: false });
    location.assign(HOME_PATH[me.role]);
  }

  /** Someone invited to work at a hub accepts with a password of their own, and lands on the hub's home. */
  async joinHub(token: string, input: { password: string; language: Locale }): Promise<void> {
    const res = await api.invitations[':token'].accept.$post({ param: { token }, json: input });
    const { me } = await res.json();
    switchLanguage(me.language, { reload: false });
    location.assign(HOME_PATH[me.role]);
  }

  /** A hub operator starts helping a family at the desk with its guardian card and PIN: the browser acts for the family. */
  async startAssist(card: string, pin: string): Promise<void> {
    await api.hub.desk.assist.$post({ json: { card, pin } });
    // The operator's own device data stays theirs: this browser now opens the family's.
    location.assign('/family');
  }

  /** The family leaves the desk: what waits is sent, their data leaves this browser, and the operator is back. */
  async endAssist(): Promise<void> {
    await device.sync().catch(() => undefined);
    const { operatorBack } = await (await api.assist.end.$post({ json: {} })).json();
    this.me = null;
    this.assist = null;
    await device.forget();
    location.assign(operatorBack ? '/hub/desk' : '/login');
  }

  async logout(): Promise<void> {
    // Send what is waiting first; what cannot be sent stays on the device for the next sign-in.
    await device.sync().catch(() => undefined);
    try {
      await api.auth.logout.$post({ json: {} });
    } catch (error) {
      // An expired session is already signed out; anything else is worth telling.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    this.me = null;
    await device.forget();
    location.assign('/');
  }

  /** Changes the language at once, and for this person everywhere once synced (works offline too). */
  async setLanguage(locale: Locale): Promise<void> {
    // At a hub's desk the operator changes the page's language, never the family's own choice.
    if (this.me && !this.assist) await device.mutate('profile.update', { language: locale });
    switchLanguage(locale);
  }
}

/** Who is signed in, as the page's shell asked before the app's scripts arrived (app.html), if it has a plain answer. */
async function earlyAnswer(): Promise<{ me: Me | null; assist?: AssistInfo | null } | undefined> {
  const answer = (await takeEarly('wishmiSession')) as { me?: Me | null; assist?: AssistInfo | null } | undefined;
  return answer?.me === undefined ? undefined : { me: answer.me, assist: answer.assist };
}

export const session = new Session();
