import type { Db } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import * as store from '../store/hubs';
import { audit } from '../store/accounts';
import { randomBytes } from 'node:crypto';
import { hashPassword } from './passwords';
import { tokenHash } from './auth.service';
import {
  INVITATION_DAYS,
  NEARBY_KM,
  nearbyOffers,
  type AcceptInvitationInput,
  type CityHub,
  type HubInput,
  type HubPage,
  type HubStaff,
  type InvitationView,
  type InviteOperatorInput,
  type PublicHub,
} from '$shared/hubs';

/**
 * The city's hubs: opened, changed and closed by the city (each step in the audit log), and shown to
 * anyone, signed in or not. A closed hub keeps its history; its check-in code opens nothing and it
 * leaves the public list.
 */
export function createHubsService(db: Db, clock: Clock) {
  return {
    /** The open hubs, as the public sees them. */
    async listOpen(): Promise<PublicHub[]> {
      return (await store.listHubs(db, { includeClosed: false })).map(store.publicHub);
    },

    /** An open hub's public page, with the activities near it; null for a closed or unknown hub. */
    async page(id: string): Promise<Pick<HubPage, 'hub' | 'nearby'> | null> {
      const hub = await store.loadHub(db, id);
      if (!hub || hub.closedAt) return null;
      const place = hub.lat === null || hub.lon === null ? null : { lat: hub.lat, lon: hub.lon };
      const nearby = place ? nearbyOffers(place, await store.offersAround(db, place, NEARBY_KM)) : [];
      return { hub: store.publicHub(hub), nearby };
    },

    /** Every hub, closed ones too, for the city. */
    listAll: (): Promise<CityHub[]> => store.listHubs(db, { includeClosed: true }),

    get: (id: string): Promise<CityHub | null> => store.loadHub(db, id),

    async open(input: HubInput, by: string): Promise<CityHub> {
      return db.transaction(async (tx) => {
        const now = clock.now();
        const id = await store.insertHub(tx, input, now);
        await audit(tx, { at: now, actorId: by, action: 'open_hub', objectType: 'hub', objectId: id });
        return (await store.loadHub(tx, id))!;
      });
    },

    async update(id: string, input: HubInput, by: string): Promise<Result<{ hub: CityHub }, 'hub_not_found' | 'hub_closed'>> {
      return db.transaction(async (tx) => {
        const hub = await store.lockHub(tx, id);
        if (!hub) return { ok: false, code: 'hub_not_found' } as const;
        if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
        const now = clock.now();
        await store.updateHub(tx, id, input, now);
        await audit(tx, { at: now, actorId: by, action: 'update_hub', objectType: 'hub', objectId: id });
        return { ok: true, hub: (await store.loadHub(tx, id))! } as const;
      });
    },

    /** Closes a hub for good: its history stays, its check-ins stop. Closing it twice is refused. */
    async close(id: string, by: string): Promise<Result<{ hub: CityHub }, 'hub_not_found' | 'hub_closed'>> {
      return db.transaction(async (tx) => {
        const hub = await store.lockHub(tx, id);
        if (!hub) return { ok: false, code: 'hub_not_found' } as const;
        if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
        const now = clock.now();
        await store.closeHub(tx, id, now);
        await audit(tx, { at: now, actorId: by, action: 'close_hub', objectType: 'hub', objectId: id });
        return { ok: true, hub: (await store.loadHub(tx, id))! } as const;
      });
    },

    /** Who works at the hub, and who is invited. */
    async staff(hubId: string): Promise<Result<HubStaff, 'hub_not_found'>> {
      if (!(await store.loadHub(db, hubId))) return { ok: false, code: 'hub_not_found' };
      return { ok: true, ...(await store.staffOf(db, hubId, clock.now())) };
    },

    /**
     * Invites someone to work at an open hub. The link's secret is answered once, here (the city sends
     * it to the person); only its hash is kept. Someone who can already sign in is not invited.
     */
    async invite(
      hubId: string,
      input: InviteOperatorInput,
      by: string,
    ): Promise<Result<{ token: string; expiresAt: string }, 'hub_not_found' | 'hub_closed' | 'email_taken'>> {
      return db.transaction(async (tx) => {
        const hub = await store.lockHub(tx, hubId);
        if (!hub) return { ok: false, code: 'hub_not_found' } as const;
        if (hub.closedAt) return { ok: false, code: 'hub_closed' } as const;
        if (await store.emailInUse(tx, input.email)) return { ok: false, code: 'email_taken' } as const;
        const now = clock.now();
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
        const id = await store.insertInvitation(tx, { hubId, ...input, tokenHash: tokenHash(token), by, now, expiresAt });
        await audit(tx, {
          at: now,
          actorId: by,
          action: 'invite_operator',
          objectType: 'hub',
          objectId: hubId,
          details: { invitation: id },
        });
        return { ok: true, token, expiresAt: expiresAt.toISOString() } as const;
      });
    },

    /** What an invitation's link says, before the person answers it. */
    async invitation(token: string): Promise<Result<{ invitation: InvitationView }, 'invitation_not_found' | 'invitation_expired'>> {
      const found = await store.invitationByToken(db, tokenHash(token), { lock: false });
      const problem = invitationProblem(found, clock.now());
      return problem ? { ok: false, code: problem } : { ok: true, invitation: found!.view };
    },

    /** The invited person chooses a password and becomes an operator of the hub (the caller signs them in). */
    async accept(
      token: string,
      input: AcceptInvitationInput,
    ): Promise<Result<{ userId: string }, 'invitation_not_found' | 'invitation_expired' | 'email_taken'>> {
      // A link that opens nothing costs no password hash (each is made slow on purpose).
      const early = invitationProblem(await store.invitationByToken(db, tokenHash(token), { lock: false }), clock.now());
      if (early) return { ok: false, code: early };
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        const found = await store.invitationByToken(tx, tokenHash(token), { lock: true });
        const now = clock.now();
        const problem = invitationProblem(found, now);
        if (problem) return { ok: false, code: problem } as const;
        const invitation = found!;
        const userId = await store.addOperator(tx, {
          hubId: invitation.hub_id,
          name: invitation.name,
          email: invitation.email,
          passwordHash,
          language: input.language,
        });
        if (!userId) return { ok: false, code: 'email_taken' } as const;
        await store.markAccepted(tx, invitation.id, userId, now);
        await audit(tx, { at: now, actorId: userId, action: 'join_hub', objectType: 'hub', objectId: invitation.hub_id });
        return { ok: true, userId } as const;
      });
    },

    async withdrawInvitation(hubId: string, invitationId: string, by: string): Promise<Result<object, 'invitation_not_found'>> {
      return db.transaction(async (tx) => {
        const now = clock.now();
        if (!(await store.withdrawInvitation(tx, hubId, invitationId, now))) return { ok: false, code: 'invitation_not_found' } as const;
        await audit(tx, {
          at: now,
          actorId: by,
          action: 'withdraw_invitation',
          objectType: 'hub',
          objectId: hubId,
          details: { invitation: invitationId },
        });
        return { ok: true } as const;
      });
    },

    /** Removes an operator: they are signed out everywhere at once and sign in no more; their history stays. */
    async removeOperator(hubId: string, userId: string, by: string): Promise<Result<object, 'operator_not_found'>> {
      return db.transaction(async (tx) => {
        const now = clock.now();
        if (!(await store.removeOperator(tx, hubId, userId, now))) return { ok: false, code: 'operator_not_found' } as const;
        await audit(tx, {
          at: now,
          actorId: by,
          action: 'remove_operator',
          objectType: 'hub',
          objectId: hubId,
          details: { operator: userId },
        });
        return { ok: true } as const;
      });
    },
  };
}

/** Why an invitation cannot be answered, if it cannot: unknown, answered, withdrawn (its hub closed too), or too old. */
function invitationProblem(
  found: { accepted_at: Date | null; withdrawn_at: Date | null; hub_closed_at: Date | null; expires_at: Date } | null,
  now: Date,
): 'invitation_not_found' | 'invitation_expired' | null {
  if (!found || found.accepted_at || found.withdrawn_at || found.hub_closed_at) return 'invitation_not_found';
  return found.expires_at.getTime() <= now.getTime() ? 'invitation_expired' : null;
}

export type HubsService = ReturnType<typeof createHubsService>;
