import { Hono } from 'hono';
import { matchedRoutes } from 'hono/route';
import { recordAssisted } from './store/accounts';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './env';
import type { Db } from './store/db';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { TEST_CONFIG, type Config } from './config';
import { createServices, type Services } from './services';
import { AppError, ERROR_STATUS } from './errors';
import { isPassing } from './store/retry';
import { csrf, session } from './middleware';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { meRoutes } from './routes/me';
import { householdRoutes } from './routes/household';
import { cityRoutes, hubRoutes, providerRoutes } from './routes/overview';
import { cityCollectiveCallRoutes, collectiveCallRoutes } from './routes/collective-calls';
import { cityLedgerRoutes, walletRoutes } from './routes/wallet';
import { catalogueRoutes } from './routes/catalogue';
import { keysRoutes } from './routes/keys';
import { cityStatementRoutes, providerStatementRoutes } from './routes/statements';
import { syncRoutes } from './routes/sync';
import { applicationRoutes, applyRoutes, cityProviderRoutes } from './routes/providers';
import { offerRoutes, photoRoutes } from './routes/offers';
import { cityCallRoutes, familyCallRoutes } from './routes/calls';
import { badgeRoutes, checkinRoutes, gameRoutes, hubOpportunityRoutes, missionRoutes } from './routes/game';
import { cityHubRoutes, cityHubStaffRoutes, hubEventRoutes, invitationRoutes, publicHubRoutes } from './routes/hubs';
import { cardSignInRoutes, householdCardRoutes } from './routes/cards';
import { hubKioskRoutes, kioskRoutes } from './routes/kiosk';
import { assistRoutes, hubDeskRoutes } from './routes/desk';
import { cityMicroProjectRoutes, hubMicroProjectRoutes, publicRoundRoutes } from './routes/micro-projects';
import { contentSecurityPolicy, inlineHashes, serveWeb } from './web';
import { errorMessage, translate } from '$shared/i18n/translate';
import { BASE_LOCALE, pickLocale } from '$shared/locale';
import type { ApiErrorBody } from '$shared/errors';

/**
 * Every API route, mounted under /api by newApp. Each route file gives its routes their paths and
 * their roles (`allow(...)`); the route-by-role matrix is read back from here, not written twice.
 */
export const apiRoutes = new Hono<AppEnv>()
  .route('/health', healthRoutes)
  .route('/auth', authRoutes)
  .route('/me', meRoutes)
  .route('/household', householdRoutes)
  .route('/provider', providerRoutes)
  .route('/hub', hubRoutes)
  .route('/city', cityRoutes)
  .route('/city/ledger', cityLedgerRoutes)
  .route('/wallet', walletRoutes)
  .route('/sync', syncRoutes)
  .route('/catalogue', catalogueRoutes)
  .route('/keys', keysRoutes)
  .route('/provider/statements', providerStatementRoutes)
  .route('/city/statements', cityStatementRoutes)
  .route('/providers', applyRoutes)
  .route('/provider/application', applicationRoutes)
  .route('/city/providers', cityProviderRoutes)
  .route('/provider/offers', offerRoutes)
  .route('/photos', photoRoutes)
  .route('/calls', familyCallRoutes)
  .route('/city/calls', cityCallRoutes)
  .route('/collective-calls', collectiveCallRoutes)
  .route('/city/collective-calls', cityCollectiveCallRoutes)
  .route('/checkin', checkinRoutes)
  .route('/missions', missionRoutes)
  .route('/game', gameRoutes)
  .route('/badges', badgeRoutes)
  .route('/hub/opportunities', hubOpportunityRoutes)
  .route('/hubs', publicHubRoutes)
  .route('/city/hubs', cityHubRoutes)
  .route('/city/hubs', cityHubStaffRoutes)
  .route('/invitations', invitationRoutes)
  .route('/hub/events', hubEventRoutes)
  .route('/household/cards', householdCardRoutes)
  .route('/auth/card', cardSignInRoutes)
  .route('/hub/kiosks', hubKioskRoutes)
  .route('/kiosk', kioskRoutes)
  .route('/hub/desk', hubDeskRoutes)
  .route('/assist', assistRoutes)
  .route('/city/hubs', cityMicroProjectRoutes)
  .route('/hub', hubMicroProjectRoutes)
  .route('/rounds', publicRoundRoutes);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The name a family's history gives a change made through a route of its own (not a sync mutation); null for none to record. */
function assistedAction(method: string, route: string): string | null {
  const key = `${method} ${route}`;
  if (key === 'POST /api/sync/push' || key === 'POST /api/assist/end') return null;
  return ASSISTED_ROUTES[key] ?? key;
}
const ASSISTED_ROUTES: Record<string, string> = {
  'POST /api/household/cards': 'card.issue',
  'POST /api/household/cards/:id/end': 'card.end',
  'PUT /api/household/cards/:id/pin': 'card.pin',
  'POST /api/household/minors': 'household.addMinor',
  'POST /api/household/minors/:id/sign-in': 'household.signIn',
  'POST /api/hubs/:id/events/:eventId/signup': 'event.signup',
  'DELETE /api/hubs/:id/events/:eventId/signup': 'event.withdraw',
  'PATCH /api/me': 'profile.update',
};

/** What the app is built over. Services may be passed in when the caller also uses them (scheduled jobs). */
export type AppDeps = { db: Db; clock?: Clock; config?: Config; services?: Services };

const MAX_BODY_BYTES = 256 * 1024;

/** Builds the whole HTTP app over a database: used by the server, and in-process by the tests. */
export function newApp({ db, clock = systemClock, config = TEST_CONFIG, services = createServices(db, clock) }: AppDeps) {
  const inline = inlineHashes(config.webDir);
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set('services', services);
    c.set('config', config);
    c.set('locale', pickLocale(c.req.header('accept-language')) ?? BASE_LOCALE);
    await next();
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: contentSecurityPolicy(inline, config.mapStyleUrl),
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large');
      },
    }),
  );
  app.use('/api/*', session, csrf);
  app.use('/api/*', async (c, next) => {
    await next();
    // At a hub's desk, each change made for a family is recorded as the operator's, for the family's
    // history (the sync push records its own mutations one by one; ending the help is no change).
    const user = c.get('user');
    if (user?.assistedBy && user.householdId && UNSAFE.has(c.req.method) && c.res.status < 400) {
      const route = matchedRoutes(c)
        .filter((r) => r.method !== 'ALL')
        .at(-1)?.path;
      const action = route ? assistedAction(c.req.method, route) : null;
      if (action)
        await recordAssisted(services.db, { householdId: user.householdId, operatorId: user.assistedBy, action, at: services.clock.now() });
    }
    // Answers about one person must never be kept by a shared cache or a shared phone's back button
    // (a route that answers something public and unchanging, a photo, says so itself).
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  const routes = app.route('/api', apiRoutes);

  app.all('/api/*', () => {
    throw new AppError('not_found');
  });
  serveWeb(app, config.webDir);

  app.onError((error, c) => {
    const locale = c.get('locale') ?? BASE_LOCALE;
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    // Hono's own validator answers unreadable JSON with a 400 HTTPException.
    else if (error instanceof HTTPException && error.status === 400) appError = new AppError('bad_json');
    else {
      console.error(`${c.req.method} ${c.req.path}:`, error);
      appError = new AppError(isPassing(error) ? 'unavailable' : 'internal');
    }
    const body: ApiErrorBody = {
      error: {
        code: appError.code,
        message: errorMessage(appError.code, locale),
        ...(appError.fields ? { fields: appError.fields.map((f) => ({ ...f, message: translate(f.code, locale) })) } : {}),
      },
    };
    if (appError.retryAfterSeconds) c.header('Retry-After', String(appError.retryAfterSeconds));
    return c.json(body, ERROR_STATUS[appError.code]);
  });

  return routes;
}

export type App = ReturnType<typeof newApp>;
/** The API's type, for the web app's typed client (`hc<AppType>`). */
export type AppType = App;
