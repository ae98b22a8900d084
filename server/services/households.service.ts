import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import type { Result } from '../errors';
import type { AddMinorInput, Household, Minor } from '$shared/household';
import type { MinorSignInInput } from '$shared/account';
import { isoDateIn } from '$shared/dates';
import { mayHaveOwnSignIn, minorAgeProblem } from '$shared/household';
import * as households from '../store/households';
import * as accounts from '../store/accounts';
import { hashPassword } from './passwords';
import { Changes, type InTransaction } from './sync/publish';

/** `welcome`: gives a new youth their starting credits, in the transaction that makes their sign-in. */
export function createHouseholdsService(db: Db, clock: Clock, welcome?: (tx: Queryable, youthId: string, by: string) => Promise<void>) {
  const today = () => isoDateIn(clock.now());

  return {
    get: (householdId: string): Promise<Household | null> => households.loadHousehold(db, householdId),

    /** Adds a child to the household; inside the caller's transaction when given one (a sync mutation). */
    async addMinor(
      actorId: string,
      householdId: string,
      input: AddMinorInput & { id?: string },
      inTx?: InTransaction,
    ): Promise<Result<{ minor: Minor }, 'minor_not_born' | 'minor_too_old' | 'minor_exists'>> {
      const problem = minorAgeProblem(input.birthDate, today());
      if (problem) return { ok: false, code: problem };
      const add = async ({ tx, changes }: InTransaction) => {
        const minorId = await households.insertMinor(tx, householdId, input);
        if (!minorId) return null;
        await accounts.audit(tx, {
          at: clock.now(),
          actorId,
          action: 'add_minor',
          objectType: 'household',
          objectId: householdId,
          details: { minorId },
        });
        changes.note('household', householdId);
        return minorId;
      };
      const id = inTx
        ? await add(inTx)
        : await db.transaction(async (tx) => {
            const changes = new Changes();
            const added = await add({ tx, changes });
            await changes.flush(tx, clock.now());
            return added;
          });
      if (!id) return { ok: false, code: 'minor_exists' };
      return {
        ok: true,
        minor: { id, name: input.name, birthDate: input.birthDate, disability: input.disability, userId: null, email: null },
      };
    },

    /** Gives a minor of 14 or more their own sign-in, as a youth of the same household. */
    async createMinorSignIn(
      actorId: string,
      householdId: string,
      minorId: string,
      input: MinorSignInInput,
    ): Promise<
      Result<{ minor: Minor }, 'minor_not_found' | 'minor_too_young_for_sign_in' | 'minor_too_old' | 'minor_has_sign_in' | 'email_taken'>
    > {
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        const minor = await households.lockMinor(tx, householdId, minorId);
        if (!minor) return { ok: false, code: 'minor_not_found' } as const;
        // A child who played with a card alone (11-13) keeps their sign-in, history and credits: it gains an email and password.
        const cardOnly = minor.user_id ? await accounts.isCardOnly(tx, minor.user_id) : false;
        if (minor.user_id && !cardOnly) return { ok: false, code: 'minor_has_sign_in' } as const;
        // Someone who has turned 18 since being added is no longer in the programme as a minor.
        if (minorAgeProblem(minor.birth_date, today()) === 'minor_too_old') return { ok: false, code: 'minor_too_old' } as const;
        if (!mayHaveOwnSignIn(minor.birth_date, today())) return { ok: false, code: 'minor_too_young_for_sign_in' } as const;
        if (minor.user_id) {
          if (!(await accounts.giveSignIn(tx, minor.user_id, input.email, passwordHash)))
            return { ok: false, code: 'email_taken' } as const;
        } else {
          // The youth starts in their guardian's language and can change it on their first visit.
          const guardian = await accounts.loadMe(tx, actorId);
          const userId = await accounts.insertUser(tx, {
            email: input.email,
            passwordHash,
            name: minor.name,
            role: 'youth',
            language: guardian?.language ?? 'it',
            householdId,
          });
          if (!userId) return { ok: false, code: 'email_taken' } as const;
          await households.linkMinorUser(tx, minorId, userId);
          await welcome?.(tx, userId, `user:${actorId}`);
        }
        await accounts.audit(tx, { at: clock.now(), actorId, action: 'create_minor_sign_in', objectType: 'minor', objectId: minorId });
        const changes = new Changes();
        changes.note('household', householdId);
        await changes.flush(tx, clock.now());
        const minors = await households.loadMinors(tx, householdId);
        return { ok: true, minor: minors.find((m) => m.id === minorId)! } as const;
      });
    },
  };
}

export type HouseholdsService = ReturnType<typeof createHouseholdsService>;
