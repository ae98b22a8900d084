import type { FamilyCall, MyApplication } from '$shared/calls';
import type { MutationArgs } from '$shared/sync';
import { same, type EntityView, type Step } from '$lib/sync/view';

/** A household's application as shown: confirmed by the server, or still waiting to be sent (made, or declined). */
export type ShownApplication = MyApplication & { waiting?: 'applying' | 'declining' };
export type ShownCall = Omit<FamilyCall, 'application'> & { application: ShownApplication | null };

export const callsView: EntityView<FamilyCall[], ShownCall[]> = { start: same, finish: same };

/**
 * An application made offline shows as submitted and waiting to be sent: only the server decides
 * eligibility, rank and amount. The server's application, once it has one, is the truth.
 */
const apply: Step<ShownCall[], MutationArgs<'call.apply'>> = (shown, args, mutation) =>
  shown.map((call) =>
    call.id !== args.callId || call.application
      ? call
      : {
          ...call,
          application: {
            id: args.id,
            callId: args.callId,
            code: '',
            status: 'submitted',
            exclusion: null,
            note: '',
            submittedAt: mutation.clientTime,
            iseeCents: args.iseeCents,
            dsu: args.dsu,
            singleParent: args.singleParent,
            disabledAdults: args.disabledAdults,
            rank: null,
            points: null,
            amountCents: null,
            waitingPosition: null,
            voucher: null,
            waiting: 'applying',
          },
        },
  );

/** A voucher being declined shows as declining. */
const decline: Step<ShownCall[], MutationArgs<'call.decline'>> = (shown, args) =>
  shown.map((call) =>
    call.application?.id === args.applicationId ? { ...call, application: { ...call.application, waiting: 'declining' } } : call,
  );

export const callViews = { calls: callsView };

export const callSteps = { 'call.apply': { calls: apply }, 'call.decline': { calls: decline } };
