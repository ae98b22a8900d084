import type { Me } from '$shared/account';
import { HOME_PATH } from '$shared/roles';
import { api, ApiError } from '$lib/services/api';
import { currentLocale, switchLanguage } from '$lib/i18n';
import type { Locale } from '$shared/locale';

/** Who is signed in on this device, shared by every page. */
class Session {
  me = $state<Me | null>(null);
  /** `loading` until the first answer from the server; `offline` when it could not be asked. */
  status = $state<'loading' | 'ready' | 'offline'>('loading');

  get home(): string {
    return this.me ? HOME_PATH[this.me.role] : '/';
  }

  async refresh(): Promise<void> {
    try {
      const res = await api.auth.session.$get();
      this.me = (await res.json()).me;
      this.status = 'ready';
    } catch (error) {
      this.me = null;
      this.status = error instanceof ApiError && error.code === 'offline' ? 'offline' : 'ready';
    }
  }

  /**
   * Signs in and opens the role's home in the account's own language: on a shared family phone,
   * each person gets the language they chose, whoever used the phone before.
   */
  async login(email: string, password: string): Promise<void> {
    const res = await api.auth.login.$post({ json: { email, password } });
    const { me } = await res.json();
    if (me.language !== currentLocale()) switchLanguage(me.language, { reload: false });
    location.assign(HOME_PATH[me.role]);
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
