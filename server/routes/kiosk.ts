import { Hono } from 'hono';
import * as v from 'valibot';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { allow, KIOSK, PUBLIC } from '../access';
import { atKiosk, clearSessionCookie, jsonBody, SESSION_COOKIE, setKioskCookie, setSessionCookie, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { ownHub } from './hubs';
import { CardSignInSchema, KIOSK_SESSION_MS } from '$shared/cards';
import { EnrolSchema, KioskCheckinSchema, NewEnrolmentSchema, QueuedCheckinsSchema } from '$shared/kiosk';
import { IdSchema } from '$shared/validation';
import { isLocale } from '$shared/locale';

const KioskParam = v.object({ id: IdSchema('field_kiosk_id') });

/** A hub's operators enrol its kiosks, see when each was last seen, and revoke them. */
export const hubKioskRoutes = new Hono<AppEnv>()
  .get('/', allow(['hub_operator']), async (c) => c.json({ kiosks: await c.get('services').kiosks.list(ownHub(c)) }))
  .post('/enrolments', allow(['hub_operator']), jsonBody(NewEnrolmentSchema), async (c) => {
    const { enrolment } = unwrap(await c.get('services').kiosks.newEnrolment(ownHub(c), c.req.valid('json').name, signedIn(c).id));
    return c.json({ enrolment }, 201);
  })
  .post('/:id/revoke', allow(['hub_operator']), valid('param', KioskParam), jsonBody(v.object({})), async (c) => {
    unwrap(await c.get('services').kiosks.revoke(ownHub(c), c.req.valid('param').id, signedIn(c).id));
    return c.json({ revoked: true });
  });

/** The kiosk itself: enrolled once, then its idle screen, a person's sign-in by card and PIN, and "done". */
export const kioskRoutes = new Hono<AppEnv>()
  .post('/enrol', allow(PUBLIC), jsonBody(EnrolSchema), async (c) => {
    const { auth, kiosks } = c.get('services');
    // Codes are guessed no faster than accounts are made.
    unwrap(await auth.mayRegister(c.get('clientAddress')));
    const { token, kiosk } = unwrap(await kiosks.enrol(c.req.valid('json').code));
    // Whoever was signed in on this browser is signed out: from now on it is a public screen.
    const before = getCookie(c, SESSION_COOKIE);
    if (before) await auth.logout(before);
    clearSessionCookie(c);
    setKioskCookie(c, token);
    return c.json({ kiosk: { id: kiosk.id, name: kiosk.name, hub: { id: kiosk.hubId, name: kiosk.hubName } } }, 201);
  })
  // What the idle screen shows: the hub's page (hours, events, what is near) and its check-in place.
  .get('/', allow(KIOSK), async (c) => {
    const kiosk = atKiosk(c);
    const { hubs, hubEvents, game, signer, kiosks, db } = c.get('services');
    const [page, events, reached, places, keys, endedCards] = await Promise.all([
      hubs.page(kiosk.hubId),
      hubEvents.upcoming(kiosk.hubId, null),
      hubEvents.reachedThisYear(kiosk.hubId),
      game.placesOf({ hubId: kiosk.hubId }),
      signer.publicKeys(db),
      kiosks.endedCards(),
    ]);
    if (!page) throw new AppError('kiosk_revoked');
    const language = page.hub.languages.find(isLocale) ?? 'it';
    // Whoever signed in on this kiosk and has not left yet (the page was reloaded in their language).
    const user = c.get('user');
    return c.json({
      kiosk: { id: kiosk.id, name: kiosk.name, language },
      keys,
      endedCards,
      page: { ...page, events, reached },
      place: places.find((p) => p.kind === 'hub') ?? null,
      person: user && user.kioskId === kiosk.id ? user.me : null,
    });
  })
  .post('/sign-in', allow(KIOSK), jsonBody(CardSignInSchema), async (c) => {
    const kiosk = atKiosk(c);
    const { cards, auth } = c.get('services');
    const { card, pin } = c.req.valid('json');
    const result = await cards.verify(card, pin, `kiosk:${kiosk.id}`);
    if (!result.ok && result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds));
    const { userId, cardId } = unwrap(result);
    // Whoever was still signed in here (they walked away before the countdown ended) is signed out first.
    const before = getCookie(c, SESSION_COOKIE);
    if (before) await c.get('services').kiosks.endSession(before, kiosk.id);
    const { token, expiresAt } = await auth.sessionFor(userId, { cardId, kioskId: kiosk.id }, KIOSK_SESSION_MS);
    setSessionCookie(c, token, expiresAt);
    const me = await auth.me(userId);
    if (!me) throw new AppError('internal');
    return c.json({ me });
  })
  // The person is done (or walked away): their session ends on the server, and its cookie goes.
  .post('/done', allow(KIOSK), jsonBody(v.optional(v.object({}))), async (c) => {
    const kiosk = atKiosk(c);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await c.get('services').kiosks.endSession(token, kiosk.id);
    clearSessionCookie(c);
    return c.json({ done: true as const });
  })
  // Check-ins the kiosk saw while the hub's connection was down, sent now with its credential.
  .post('/checkins', allow(KIOSK), jsonBody(QueuedCheckinsSchema), async (c) => {
    const kiosk = atKiosk(c);
    const result = await c.get('services').kiosks.queuedCheckIns(kiosk, c.req.valid('json').checkins, c.get('locale'));
    if (!result.ok && result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds));
    return c.json({ results: unwrap(result).results });
  })
  // One tap: the young person signed in here checks in at this hub (the kiosk saw their card, no code needed).
  .post('/checkin', allow(['youth']), jsonBody(KioskCheckinSchema), async (c) => {
    const kiosk = atKiosk(c);
    const user = signedIn(c);
    if (user.kioskId !== kiosk.id || !user.cardId) throw new AppError('kiosk_required');
    const { id } = c.req.valid('json');
    const { game } = c.get('services');
    const placeId = await game.hubPlace(kiosk.hubId);
    if (!placeId) throw new AppError('hub_closed');
    unwrap(await game.checkInAtHub({ id, youthId: user.id, placeId, kioskId: kiosk.id, cardId: user.cardId }));
    return c.json({ checkedIn: true as const });
  });
