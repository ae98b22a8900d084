import type { Locale } from '$shared/locale';
import type { Services } from './services';
import type { SessionUser } from './services/auth.service';
import type { Config } from './config';
import type { Kiosk } from './services/kiosks.service';

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
    /** The hub's kiosk the request came from (its own credential), if any. */
    kiosk: Kiosk | null;
    /** Whether a kiosk credential came with the request but no longer works (revoked, or its hub closed). */
    kioskRevoked: boolean;
  };
};
