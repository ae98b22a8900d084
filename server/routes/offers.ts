import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { OfferInputSchema, OfferUpdateSchema, PhotoInputSchema, SessionsInputSchema } from '$shared/offer';
import { IdSchema } from '$shared/validation';

const OfferParam = v.object({ id: IdSchema('field_offer_id') });
const SessionParam = v.object({ id: IdSchema('field_offer_id'), sessionId: IdSchema('field_session_id') });
const PhotoParam = v.object({ id: IdSchema('field_offer_id'), photoId: IdSchema('field_photo_id') });

/** Who is calling, and for which provider: staff act only on their own organisation's offers. */
function staff(c: Parameters<typeof signedIn>[0]) {
  const user = signedIn(c);
  if (!user.me.provider) throw new AppError('forbidden');
  return { userId: user.id, providerId: user.me.provider.id };
}

/** A provider's own offers and their sessions: drafts, publishing, edits (new versions), sessions called off. */
export const offerRoutes = new Hono<AppEnv>()
  .get('/', allow(['provider']), async (c) => {
    return c.json({ offers: await c.get('services').offers.list(staff(c).providerId) });
  })
  .post('/', allow(['provider']), jsonBody(OfferInputSchema), async (c) => {
    const { userId, providerId } = staff(c);
    return c.json(unwrap(await c.get('services').offers.create(providerId, userId, c.req.valid('json'))), 201);
  })
  .get('/:id', allow(['provider']), valid('param', OfferParam), async (c) => {
    const offer = await c.get('services').offers.get(staff(c).providerId, c.req.valid('param').id);
    if (!offer) throw new AppError('not_found');
    return c.json({ offer });
  })
  .put('/:id', allow(['provider']), valid('param', OfferParam), jsonBody(OfferUpdateSchema), async (c) => {
    const { userId, providerId } = staff(c);
    const { revision, offer } = c.req.valid('json');
    return c.json(unwrap(await c.get('services').offers.update(providerId, userId, c.req.valid('param').id, revision, offer)));
  })
  .post('/:id/sessions', allow(['provider']), valid('param', OfferParam), jsonBody(SessionsInputSchema), async (c) => {
    const { userId, providerId } = staff(c);
    return c.json(
      unwrap(await c.get('services').offers.addSessions(providerId, userId, c.req.valid('param').id, c.req.valid('json'))),
      201,
    );
  })
  .post(
    '/:id/sessions/:sessionId/cancel',
    allow(['provider']),
    valid('param', SessionParam),
    jsonBody(v.optional(v.object({}))),
    async (c) => {
      const { userId, providerId } = staff(c);
      const { id, sessionId } = c.req.valid('param');
      return c.json(unwrap(await c.get('services').offers.cancelSession(providerId, userId, id, sessionId)));
    },
  )
  .post('/:id/photos', allow(['provider']), valid('param', OfferParam), jsonBody(PhotoInputSchema), async (c) => {
    const { userId, providerId } = staff(c);
    return c.json(unwrap(await c.get('services').offers.addPhoto(providerId, userId, c.req.valid('param').id, c.req.valid('json'))), 201);
  })
  .delete('/:id/photos/:photoId', allow(['provider']), valid('param', PhotoParam), async (c) => {
    const { userId, providerId } = staff(c);
    const { id, photoId } = c.req.valid('param');
    return c.json(unwrap(await c.get('services').offers.removePhoto(providerId, userId, id, photoId)));
  });

/** An offer's photo, for anyone (the catalogue is public): immutable under its id, so kept by every cache. */
export const photoRoutes = new Hono<AppEnv>().get(
  '/:photoId',
  allow(PUBLIC),
  valid('param', v.object({ photoId: IdSchema('field_photo_id') })),
  async (c) => {
    const found = await c.get('services').offers.photo(c.req.valid('param').photoId);
    if (!found) throw new AppError('not_found');
    return c.body(found.bytes, 200, {
      'content-type': found.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
  },
);
