import type { Locale } from '$shared/locale';
import type { Services } from './services';
import type { SessionUser } from './services/auth.service';
import type { Config } from './config';

/** What every request carries through the middleware. */
export type AppEnv = {
  Variables: {
    services: Services;
    config: Config;
    locale: Locale;
    user: SessionUser | null;
    /** Whether a session cookie came with the request but named no live session. */
    sessionExpired: boolean;
    clientAddress: string;
  };
};
