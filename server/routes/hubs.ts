import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../env';
import { allow, PUBLIC } from '../access';
import { jsonBody, setSessionCookie, signedIn, valid } from '../middleware';
import { AppError, unwrap } from '../errors';
import { AcceptInvitationSchema, HubInputSchema, InviteOperatorSchema } from '$shared/hubs';
import { AttendanceSchema, CardAttendanceSchema, HubEventInputSchema } from '$shared/hub-events';
import { IdSchema } from '$shared/validation';

const HubParam = v.object({ id: IdSchema('field_hub_id') });
const EventParam = v.object({ id: IdSchema('field_hub_id'), eventId: IdSchema('field_event_id') });
const OperatorParam = v.object({ id: IdSchema('field_hub_id'), userId: IdSchema('field_operator_id') });
const InvitationParam = v.object({ id: IdSchema('field_hub_id'), invitationId: IdSchema('field_invitation_id') });
/** An invitation's secret, as its link carries it (32 random bytes, base64url). */
const TokenParam = v.object({
  token: v.pipe(v.string('field_invitation_token'), v.regex(/^[A-Za-z0-9_-]{43}$/, 'field_invitation_token')),
});

/** The open hubs and each one's page, for anyone: no sign-in needed to find a hub. */
export const publicHubRoutes = new Hono<AppEnv>()
  .get('/', allow(PUBLIC), async (c) => c.json({ hubs: await c.get('services').hubs.listOpen() }))
  .get('/:id', allow(PUBLIC), valid('param', HubParam), async (c) => {
    const { hubs, hubEvents, microProjects } = c.get('services');
    const id = c.req.valid('param').id;
    const page = await hubs.page(id);
    if (!page) throw new AppError('hub_not_found');
    const [events, reached, budget, rounds] = await Promise.all([
      hubEvents.upcoming(id, c.get('user')?.id ?? null),
      hubEvents.reachedThisYear(id),
      microProjects.budget(id),
      microProjects.rounds(id),
    ]);
    // Public: how much the hub has for micro-projects and what its rounds are doing, for anyone to see.
    return c.json({ ...page, events, reached, budget, rounds });
  })
  // Young people and families take a place at an event, and give it back.
  .post('/:id/events/:eventId/signup', allow(['youth', 'guardian']), valid('param', EventParam), jsonBody(v.object({})), async (c) => {
    unwrap(await c.get('services').hubEvents.signUp(c.req.valid('param').eventId, signedIn(c).id));
    return c.json({ signedUp: true });
  })
  .delete('/:id/events/:eventId/signup', allow(['youth', 'guardian']), valid('param', EventParam), async (c) => {
    unwrap(await c.get('services').hubEvents.withdraw(c.req.valid('param').eventId, signedIn(c).id));
    return c.json({ signedUp: false });
  });

/** The city opens hubs, changes them and closes them. */
export const cityHubRoutes = new Hono<AppEnv>()
  .get('/', allow(['city_admin']), async (c) => c.json({ hubs: await c.get('services').hubs.listAll() }))
  .post('/', allow(['city_admin']), jsonBody(HubInputSchema), async (c) => {
    const hub = await c.get('services').hubs.open(c.req.valid('json'), signedIn(c).id);
    return c.json({ hub }, 201);
  })
  .get('/:id', allow(['city_admin']), valid('param', HubParam), async (c) => {
    const hub = await c.get('services').hubs.get(c.req.valid('param').id);
    if (!hub) throw new AppError('hub_not_found');
    return c.json({ hub });
  })
  .put('/:id', allow(['city_admin']), valid('param', HubParam), jsonBody(HubInputSchema), async (c) => {
    const { hub } = unwrap(await c.get('services').hubs.update(c.req.valid('param').id, c.req.valid('json'), signedIn(c).id));
    return c.json({ hub });
  })
  // A change, so JSON like every other (an empty object: closing needs nothing more).
  .post('/:id/close', allow(['city_admin']), valid('param', HubParam), jsonBody(v.object({})), async (c) => {
    const { hub } = unwrap(await c.get('services').hubs.close(c.req.valid('param').id, signedIn(c).id));
    return c.json({ hub });
  });

/** Who works at a hub: the city invites operators and removes them. */
export const cityHubStaffRoutes = new Hono<AppEnv>()
  .get('/:id/operators', allow(['city_admin']), valid('param', HubParam), async (c) => {
    const { operators, invitations } = unwrap(await c.get('services').hubs.staff(c.req.valid('param').id));
    return c.json({ operators, invitations });
  })
  .post('/:id/operators', allow(['city_admin']), valid('param', HubParam), jsonBody(InviteOperatorSchema), async (c) => {
    const { token, expiresAt } = unwrap(await c.get('services').hubs.invite(c.req.valid('param').id, c.req.valid('json'), signedIn(c).id));
    // Where the city sends the person (the app puts its own address in front); the secret is not shown again.
    return c.json({ path: `/invite?token=${token}`, expiresAt }, 201);
  })
  .delete('/:id/operators/:userId', allow(['city_admin']), valid('param', OperatorParam), async (c) => {
    const { id, userId } = c.req.valid('param');
    unwrap(await c.get('services').hubs.removeOperator(id, userId, signedIn(c).id));
    return c.json({ removed: true });
  })
  .delete('/:id/invitations/:invitationId', allow(['city_admin']), valid('param', InvitationParam), async (c) => {
    const { id, invitationId } = c.req.valid('param');
    unwrap(await c.get('services').hubs.withdrawInvitation(id, invitationId, signedIn(c).id));
    return c.json({ withdrawn: true });
  });

/** The invited person opens their link, reads where it leads, and accepts with a password of their own. */
export const invitationRoutes = new Hono<AppEnv>()
  .get('/:token', allow(PUBLIC), valid('param', TokenParam), async (c) => {
    const { invitation } = unwrap(await c.get('services').hubs.invitation(c.req.valid('param').token));
    return c.json({ invitation });
  })
  .post('/:token/accept', allow(PUBLIC), valid('param', TokenParam), jsonBody(AcceptInvitationSchema), async (c) => {
    const { hubs, auth } = c.get('services');
    // Accepting makes a password hash, as registering does: limited per address the same way.
    unwrap(await auth.mayRegister(c.get('clientAddress')));
    const { userId } = unwrap(await hubs.accept(c.req.valid('param').token, c.req.valid('json')));
    const { token, expiresAt } = await auth.sessionFor(userId);
    setSessionCookie(c, token, expiresAt);
    const me = await auth.me(userId);
    if (!me) throw new AppError('internal');
    return c.json({ me }, 201);
  });

/** The signed-in operator's own hub (an operator works at one). */
export function ownHub(c: Parameters<typeof signedIn>[0]): string {
  const { hub } = signedIn(c).me;
  if (!hub) throw new AppError('forbidden');
  return hub.id;
}

const OwnEventParam = v.object({ eventId: IdSchema('field_event_id') });

/** A hub's operator publishes its events, cancels them, and takes attendance. */
export const hubEventRoutes = new Hono<AppEnv>()
  .get('/', allow(['hub_operator']), async (c) => {
    const { hubEvents } = c.get('services');
    const [events, links] = await Promise.all([hubEvents.managed(ownHub(c)), hubEvents.links(ownHub(c))]);
    return c.json({ events, links });
  })
  .post('/', allow(['hub_operator']), jsonBody(HubEventInputSchema), async (c) => {
    const { id } = unwrap(await c.get('services').hubEvents.publish(ownHub(c), c.req.valid('json'), signedIn(c).id));
    return c.json({ id }, 201);
  })
  .post('/:eventId/cancel', allow(['hub_operator']), valid('param', OwnEventParam), jsonBody(v.object({})), async (c) => {
    unwrap(await c.get('services').hubEvents.cancel(ownHub(c), c.req.valid('param').eventId, signedIn(c).id));
    return c.json({ cancelled: true });
  })
  .put('/:eventId/attendance', allow(['hub_operator']), valid('param', OwnEventParam), jsonBody(AttendanceSchema), async (c) => {
    const { userId, attended } = c.req.valid('json');
    unwrap(await c.get('services').hubEvents.attendance(ownHub(c), c.req.valid('param').eventId, userId, attended, signedIn(c).id));
    return c.json({ attended });
  })
  .post('/:eventId/attendance/card', allow(['hub_operator']), valid('param', OwnEventParam), jsonBody(CardAttendanceSchema), async (c) => {
    const { card } = c.req.valid('json');
    const { name } = unwrap(await c.get('services').hubEvents.attendByCard(ownHub(c), c.req.valid('param').eventId, card, signedIn(c).id));
    return c.json({ name });
  });
