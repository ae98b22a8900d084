import type { Me } from '$shared/account';
import { HOME_PATH } from '$shared/roles';
import { api, ApiError, errorText, onSignedOut } from '$lib/services/api';
import { currentLocale, switchLanguage } from '$lib/i18n';
import type { Locale } from '$shared/locale';

/** Who is signed in on this device, shared by every page. */
class Session {
  me = $state<Me | null>(null);
  /** `loading` until the first answer from the server; `unreachable` when it could not answer (with why). */
  status = $state<'loading' | 'ready' | 'unreachable'>('loading');
  problem = $state<string | null>(null);

  constructor() {
    // A session that ends mid-use (expired, signed out on another tab) sends every page to sign-in.
    onSignedOut(() => {
      this.me = null;
      this.status = 'ready';
    });
  }

  get home(): string {
    return this.me ? HOME_PATH[this.me.role] : '/';
  }

  async refresh(): Promise<void> {
    try {
      const res = await api.auth.session.$get();
      this.me = (await res.json()).me;
      this.status = 'ready';
    } catch (error) {
      // Offline or a server error says nothing about who is signed in: keep asking, do not sign out.
      this.status = 'unreachable';
      this.problem = errorText(error);
    }
  }

  /**
   * Signs in and opens the role's home in the account's own language: on a shared family phone,
   * each person gets the language they chose, whoever used the phone before.
   */
  async login(email: string, password: string, next: string | null = null): Promise<void> {
    const res = await api.auth.login.$post({ json: { email, password } });
    const { me } = await res.json();
    if (me.language !== currentLocale()) switchLanguage(me.language, { reload: false });
    location.assign(next ?? HOME_PATH[me.role]);
  }

  async register(input: { email: string; password: string; name: string; language: Locale; municipio: number }): Promise<void> {
    const res = await api.auth.register.$post({ json: input });
    const { me } = await res.json();
    switchLanguage(me.language, { reload: false });
    location.assign(HOME_PATH[me.role]);
  }

  async logout(): Promise<void> {
    try {
      await api.auth.logout.$post({ json: {} });
    } catch (error) {
      // An expired session is already signed out; anything else is worth telling.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    this.me = null;
    location.assign('/');
  }

  async setLanguage(locale: Locale): Promise<void> {
    if (this.me) await api.me.$patch({ json: { language: locale } });
    switchLanguage(locale);
  }
}

export const session = new Session();
