import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import type { Clock } from '../clock';
import { derivedId } from '../ids';
import { attendByCheckin } from '../store/hub-events';
import * as store from '../store/game';
import { insertAccounts } from '../store/ledger';
import { creditMintFor, youthCreditAccounts, youthCreditId } from './ledger/accounts';
import type { LedgerService } from './ledger/ledger.service';
import type { Signer } from './signing';
import type { SessionUser } from './auth.service';
import type { InTransaction } from './sync/publish';
import type { ErrorCode } from '$shared/errors';
import type { Result } from '../errors';
import type { Locale } from '$shared/locale';
import type { TransferInput } from '$shared/ledger';
import { isoDateIn, startOfDay } from '$shared/dates';
import { audit } from '../store/accounts';
import { toBase64Url, fromBase64Url } from '$shared/booking-code';
import { translate } from '$shared/i18n/translate';
import { BADGES, badgeSvg, badgesEarned, type BadgeKey } from '$shared/badges';
import {
  CHECKIN_CREDITS,
  CHECKIN_LATE_MS,
  CHECKIN_PAID_PER_DAY,
  checkinTimeProblem,
  judgeCheckinCode,
  parseCheckinCode,
  placeCodeFrom,
  WELCOME_CREDITS,
  CHECKIN_FAILURES_PER_HOUR,
  type CheckinPurpose,
  type StaffPlace,
} from '$shared/checkin';
import { firstTries, missionOpenTo, missionProgress, type Fact, type MissionInput } from '$shared/missions';
import { levelFor, streakOf } from '$shared/streaks';
import { type BoardInput, type BoardLine, type ChildGame, type GameSnapshot, type MissionView } from '$shared/game';
import { guardianSeesActivity } from '$shared/game';
import {
  CREDENTIAL_CONTEXT,
  CRYPTOSUITE,
  hashForProof,
  base58btc,
  verifyCredential,
  type Credential,
  type DataIntegrityProof,
} from '$shared/credential';

const DAY_MS = 86_400_000;
/** Finished missions stay on the board this long, so the youth sees what they did. */
const RECENT_DAYS = 14;

/**
 * Play: check-ins at places, missions computed from facts, credits paid once through the
 * CREDIT ledger, badges, levels, streaks, boards and what a guardian sees. The server is the
 * authority: a device only shows what it expects until the server says.
 */
export function createGameService(db: Db, clock: Clock, ledger: LedgerService, signer: Signer) {
  /** The welcome grant, once per youth (its id is derived from theirs): "all children start with some credit". */
  async function welcome(tx: Queryable, youthId: string, by: string): Promise<void> {
    const now = clock.now();
    await insertAccounts(tx, youthCreditAccounts(youthId), now);
    const [result] = await ledger.createTransfersIn(tx, [
      {
        id: derivedId('welcome-grant', youthId),
        kind: 'single',
        debitAccountId: creditMintFor(youthId),
        creditAccountId: youthCreditId(youthId),
        amount: WELCOME_CREDITS,
        ledger: 'CREDIT',
        code: 'welcome_grant',
        createdBy: by,
      },
    ]);
    if (result !== 'ok' && result !== 'exists') throw new Error(`The welcome grant for ${youthId} was refused: ${result}`);
  }

  /** Pays credits to a youth, once per `id` whatever the replays. */
  async function pay(
    tx: Queryable,
    youthId: string,
    transfer: Pick<TransferInput, 'id'> & { amount: number; code: 'checkin_reward' | 'mission_reward'; ref: { type: string; id: string } },
  ): Promise<void> {
    if (transfer.amount <= 0) return;
    await insertAccounts(tx, youthCreditAccounts(youthId), clock.now());
    const [result] = await ledger.createTransfersIn(tx, [
      {
        id: transfer.id,
        kind: 'single',
        debitAccountId: creditMintFor(youthId),
        creditAccountId: youthCreditId(youthId),
        amount: transfer.amount,
        ledger: 'CREDIT',
        code: transfer.code,
        createdBy: 'system:game',
        ref: transfer.ref,
      },
    ]);
    if (result !== 'ok' && result !== 'exists') throw new Error(`Paying ${transfer.code} ${transfer.id} was refused: ${result}`);
  }

  async function creditsOf(q: Queryable, youthId: string): Promise<{ balance: number; available: number; earned: number }> {
    const sums = await store.creditSums(q, youthCreditId(youthId));
    if (!sums) return { balance: 0, available: 0, earned: 0 };
    const earned = sums.creditsPosted;
    const balance = earned - sums.debitsPosted;
    return { balance, available: balance - sums.debitsPending, earned };
  }

  /**
   * Judges everything a youth has done against the missions they may take and the badges: a mission
   * completed for the first time pays its reward and gives its badge, once (a row and a ledger id
   * derived from the youth and the mission). Run after every new fact, in the fact's transaction.
   */
  async function evaluate(tx: Queryable, youthId: string): Promise<void> {
    const youth = await store.youthOf(tx, youthId);
    if (!youth) return;
    // No row lock here: it runs after ledger work (a scan, a confirmation), and a second run at once
    // meets the completion's primary key and the reward's ledger id, so nothing is paid twice.
    const now = clock.now();
    const facts = await store.factsOf(tx, youthId);
    const done = await store.completedMissions(tx, youthId);
    const since = isoDateIn(new Date(now.getTime() - CHECKIN_LATE_MS - DAY_MS));
    for (const mission of await store.missionsEndingFrom(tx, since)) {
      if (done.has(mission.id)) continue;
      const rule = store.missionRule(mission);
      // The youth's age on the mission's last day they could do it: a birthday half-way does not undo it.
      const day = isoDateIn(now) < mission.ends_on ? isoDateIn(now) : mission.ends_on;
      if (!missionOpenTo(rule, youth.birthDate, day < mission.starts_on ? mission.starts_on : day)) continue;
      if (!missionProgress(rule, facts).every(Boolean)) continue;
      if (!(await store.insertCompletion(tx, youthId, mission.id, now))) continue;
      done.set(mission.id, now.toISOString());
      await pay(tx, youthId, {
        id: derivedId('mission-reward', mission.id, youthId),
        amount: mission.reward,
        code: 'mission_reward',
        ref: { type: 'mission', id: mission.id },
      });
      if (mission.badge) await store.insertBadge(tx, youthId, mission.badge, mission.id, now);
    }
    const credits = await creditsOf(tx, youthId);
    const streak = streakOf(
      facts.map((f) => isoDateIn(new Date(f.at))),
      isoDateIn(now),
    );
    const earned = badgesEarned({
      checkins: facts.filter((f) => f.kind === 'checkin').length,
      categories: firstTries(facts).size,
      bestStreak: streak.best,
      projects: facts.filter((f) => (f.kind === 'checkin' && f.purpose === 'project') || f.kind === 'codesign').length,
      ideas: facts.filter((f) => f.kind === 'idea').length,
      votes: facts.filter((f) => f.kind === 'vote').length,
      polls: facts.filter((f) => f.kind === 'poll').length,
      level: levelFor(credits.earned).level,
      missions: done.size,
    });
    for (const badge of earned) await store.insertBadge(tx, youthId, badge, null, now);
  }

  /** The places a staff member's device shows codes for, made on first use, with their secrets. */
  async function staffPlaces(user: SessionUser): Promise<StaffPlace[]> {
    const owner =
      user.role === 'hub_operator' && user.me.hub
        ? { hubId: user.me.hub.id }
        : user.role === 'provider' && user.me.provider
          ? { providerId: user.me.provider.id }
          : null;
    return owner ? placesOf(owner) : [];
  }

  /** The places of a hub or a provider, made on first use, with their secrets (a hub's kiosk shows its hub's). */
  async function placesOf(owner: { hubId: string } | { providerId: string }): Promise<StaffPlace[]> {
    const missing = await store.withoutPlace(db, owner);
    if (missing.length > 0) {
      await db.transaction(async (tx) => {
        for (const place of missing) {
          // A new code until one is free: 32^4 codes, so a clash is rare and a retry ends it.
          for (let attempt = 0; attempt < 20; attempt++) {
            const inserted = await store.insertPlace(tx, {
              id: randomUUID(),
              code: placeCodeFrom(randomBytes(4)),
              kind: place.kind,
              refId: place.id,
              secret: randomBytes(32),
              now: clock.now(),
            });
            if (inserted || (await store.withoutPlace(tx, owner)).every((p) => p.id !== place.id)) break;
          }
        }
      });
    }
    return (await store.placesOf(db, owner)).map((row) => ({
      ...store.toPlaceRef(row),
      id: row.id,
      secret: toBase64Url(new Uint8Array(row.secret)),
    }));
  }

  /**
   * A check-in scanned (or typed) on a youth's device, judged on receipt: the place's code for the
   * time the device says, that time believable (no backdating), once per place, purpose
   * and day. Credits for the first few of a day; then every mission and badge is judged again.
   */
  async function checkIn(
    { tx }: InTransaction,
    user: SessionUser,
    args: { id: string; code: string },
    when: { clientTime: Date; receivedAt: Date; lastSyncedAt: Date | null },
  ): Promise<Result> {
    if (user.role !== 'youth') return { ok: false, code: 'forbidden' };
    // Six digits can be guessed: a few wrong codes an hour, then a pause.
    if (await tooManyFailures(tx, user.id, when.receivedAt)) return { ok: false, code: 'too_many_attempts' };
    const code = parseCheckinCode(args.code);
    const place = code ? await store.placeByCode(tx, code.place) : null;
    if (!code || !place) return failed(user.id, when.receivedAt, 'checkin_code_invalid');
    const problem = checkinTimeProblem(when);
    if (problem) return { ok: false, code: problem };
    const verdict = await judgeCheckinCode(new Uint8Array(place.secret), code, when.clientTime);
    if (!verdict.ok) return failed(user.id, when.receivedAt, verdict.code);
    return record(tx, {
      id: args.id,
      youthId: user.id,
      placeId: place.id,
      purpose: verdict.purpose,
      at: when.clientTime,
      receivedAt: when.receivedAt,
    });
  }

  /**
   * A check-in judged genuine (a code that matched, a kiosk that saw the card): once per place, purpose
   * and day; credits for the first few of a day; attendance at the hub's events under way; then every
   * mission and badge is judged again.
   */
  async function record(
    tx: Queryable,
    checkin: {
      id: string;
      youthId: string;
      placeId: string;
      purpose: CheckinPurpose;
      at: Date;
      receivedAt: Date;
      kioskId?: string;
      cardId?: string;
    },
  ): Promise<Result> {
    // The youth's row first, then the ledger: the daily count of paid check-ins is decided one at a time.
    await store.lockYouth(tx, checkin.youthId);
    const day = isoDateIn(checkin.at);
    const credits = (await store.paidCheckinsOn(tx, checkin.youthId, day)) < CHECKIN_PAID_PER_DAY ? CHECKIN_CREDITS : 0;
    const recorded = await store.insertCheckin(tx, { ...checkin, day, credits });
    if (!recorded) return { ok: false, code: 'checkin_already' };
    await attendByCheckin(tx, checkin.youthId, checkin.placeId, checkin.at);
    await pay(tx, checkin.youthId, {
      id: derivedId('checkin-reward', checkin.id),
      amount: credits,
      code: 'checkin_reward',
      ref: { type: 'checkin', id: checkin.id },
    });
    await evaluate(tx, checkin.youthId);
    return { ok: true };
  }

  /** The place a hub's check-ins are recorded at (made on first use); null for a closed hub. */
  async function hubPlace(hubId: string): Promise<string | null> {
    return (await placesOf({ hubId })).find((p) => p.kind === 'hub')?.id ?? null;
  }

  /**
   * A youth checks in at the hub whose kiosk saw their card: with one tap while signed in there (now),
   * or queued while the hub's connection was down (at the kiosk's time, judged by the caller, inside
   * the caller's transaction).
   */
  async function checkInAtHub(
    checkin: { id: string; youthId: string; placeId: string; kioskId: string; cardId: string; at?: Date },
    tx?: Queryable,
  ): Promise<Result> {
    const now = clock.now();
    const row = { ...checkin, purpose: 'visit' as const, at: checkin.at ?? now, receivedAt: now };
    // The youth's play is read fresh on every pull: nothing to record for their devices.
    return tx ? record(tx, row) : db.transaction((t) => record(t, row));
  }

  /**
   * Wrong or expired codes this youth sent in the last hour: those recorded with their pushes, or
   * those this server saw (a refused mutation's own writes are undone, so it cannot count them itself).
   */
  const failures = new Map<string, number[]>();
  async function tooManyFailures(tx: Queryable, youthId: string, now: Date): Promise<boolean> {
    const since = now.getTime() - 3_600_000;
    const seen = (failures.get(youthId) ?? []).filter((at) => at > since);
    failures.set(youthId, seen);
    if (seen.length >= CHECKIN_FAILURES_PER_HOUR) return true;
    return (await store.failedCheckins(tx, youthId, new Date(since))) >= CHECKIN_FAILURES_PER_HOUR;
  }
  function failed(youthId: string, at: Date, code: 'checkin_code_invalid' | 'checkin_code_expired'): Result {
    failures.set(youthId, [...(failures.get(youthId) ?? []), at.getTime()]);
    return { ok: false, code };
  }

  /** A poll step's answer: once per youth, kept apart from who the providers are. */
  async function answerPoll(
    { tx }: InTransaction,
    user: SessionUser,
    args: { missionId: string; step: number; option: number },
    when: { clientTime: Date; receivedAt: Date; lastSyncedAt: Date | null },
  ): Promise<Result> {
    // Answered when the phone says, if that can be believed (no backdating); else when it arrived.
    const clientTime = checkinTimeProblem(when) ? when.receivedAt : when.clientTime;
    if (user.role !== 'youth') return { ok: false, code: 'forbidden' };
    const mission = await store.missionById(tx, args.missionId);
    const step = mission?.steps[args.step];
    if (!mission || !step || step.kind !== 'poll') return { ok: false, code: 'mission_not_found' };
    if (args.option >= step.options.length) return { ok: false, code: 'validation_failed' };
    const youth = await store.youthOf(tx, user.id);
    const day = isoDateIn(clientTime);
    if (!youth || !missionOpenTo(store.missionRule(mission), youth.birthDate, day)) {
      return { ok: false, code: 'mission_closed' };
    }
    if (
      !(await store.insertPollAnswer(tx, { youthId: user.id, missionId: mission.id, step: args.step, option: args.option, at: clientTime }))
    )
      return { ok: false, code: 'poll_answered' };
    await evaluate(tx, user.id);
    return { ok: true };
  }

  async function missionViews(q: Queryable, youthId: string, birthDate: string, facts: Fact[], now: Date): Promise<MissionView[]> {
    const today = isoDateIn(now);
    const recent = isoDateIn(new Date(now.getTime() - RECENT_DAYS * DAY_MS));
    const running = await store.missionsEndingFrom(q, recent);
    const done = await store.completedMissions(q, youthId);
    const answers = await store.pollAnswersOf(q, youthId);
    return running
      .filter(
        (m) =>
          done.has(m.id) ||
          (m.starts_on <= today &&
            missionOpenTo(store.missionRule(m), birthDate, today < m.ends_on ? today : m.ends_on) &&
            m.ends_on >= today),
      )
      .map((m) => {
        const progress = missionProgress(store.missionRule(m), facts);
        const steps = m.steps.map((step, i) => ({
          ...step,
          done: progress[i],
          ...(step.kind === 'poll' ? { answer: answers.get(`${m.id}:${i}`) ?? null } : {}),
        }));
        return store.missionView(m, steps, done.get(m.id) ?? null);
      });
  }

  /** A youth's board, read fresh on every pull (like the wallet: credits move in the ledger). */
  async function snapshot(q: Queryable, user: SessionUser, locale: Locale): Promise<GameSnapshot | null> {
    const youth = await store.youthOf(q, user.id);
    if (!youth) return null;
    const now = clock.now();
    const facts = await store.factsOf(q, user.id);
    const [missions, credits, badges, checkins, play, hubs] = await Promise.all([
      missionViews(q, user.id, youth.birthDate, facts, now),
      creditsOf(q, user.id),
      store.badgesOf(q, user.id),
      store.recentCheckins(q, user.id, locale),
      store.playOf(q, user.id),
      store.hubs(q),
    ]);
    const places = await store.placesForYouth(q, missions);
    return {
      credits,
      level: levelFor(credits.earned),
      streak: streakOf(
        facts.map((f) => isoDateIn(new Date(f.at))),
        isoDateIn(now),
      ),
      missions,
      badges,
      checkins,
      places: places.map(store.toPlaceRef),
      tried: [...firstTries(facts).keys()],
      board: play.board_hub_id ? { hubId: play.board_hub_id, hubName: play.hub_name ?? '', pseudonym: play.pseudonym ?? '' } : null,
      hubs,
      remindersOn: play.reminders_on,
    };
  }

  /** A guardian's calm view of each child's play; check-in by check-in only for a child under 14. */
  async function familyGame(q: Queryable, householdId: string, locale: Locale): Promise<ChildGame[]> {
    const now = clock.now();
    const today = isoDateIn(now);
    const children = await store.youthOfHousehold(q, householdId);
    return Promise.all(
      children.map(async (child) => {
        const [credits, badges, done, facts, play] = await Promise.all([
          creditsOf(q, child.userId),
          store.badgesOf(q, child.userId),
          store.completedMissions(q, child.userId),
          store.factsOf(q, child.userId),
          store.playOf(q, child.userId),
        ]);
        return {
          youthId: child.userId,
          name: child.name,
          level: levelFor(credits.earned).level,
          earned: credits.earned,
          badges: badges.length,
          missionsDone: done.size,
          streak: streakOf(
            facts.map((f) => isoDateIn(new Date(f.at))),
            today,
          ).current,
          remindersOn: play.reminders_on,
          activity: guardianSeesActivity(child.birthDate, today) ? await store.recentCheckins(q, child.userId, locale, 10) : null,
        };
      }),
    );
  }

  /** Joins a hub's board under a pseudonym from the list, or leaves it (hubId null). */
  async function setBoard({ tx }: InTransaction, user: SessionUser, args: BoardInput): Promise<Result> {
    if (user.role !== 'youth') return { ok: false, code: 'forbidden' };
    if (args.hubId === null) {
      await store.setBoard(tx, user.id, null, null);
      return { ok: true };
    }
    if (!args.pseudonym) return { ok: false, code: 'validation_failed' };
    if (!(await store.hubExists(tx, args.hubId))) return { ok: false, code: 'hub_not_found' };
    if (await store.pseudonymTaken(tx, user.id, args.hubId, args.pseudonym)) return { ok: false, code: 'pseudonym_taken' };
    return (await store.joinBoard(tx, user.id, args.hubId, args.pseudonym)) ? { ok: true } : { ok: false, code: 'pseudonym_taken' };
  }

  /** A guardian switches a child's gamified reminders on or off. */
  async function setReminders({ tx }: InTransaction, user: SessionUser, args: { youthId: string; on: boolean }): Promise<Result> {
    if (user.role !== 'guardian' || !user.householdId) return { ok: false, code: 'forbidden' };
    const youth = await store.youthOf(tx, args.youthId);
    if (!youth || youth.householdId !== user.householdId) return { ok: false, code: 'youth_not_found' };
    await store.setReminders(tx, args.youthId, args.on);
    return { ok: true };
  }

  /** The youth's hub board this month, if they joined one. */
  async function board(user: SessionUser): Promise<{ hubName: string; lines: BoardLine[] } | null> {
    const play = await store.playOf(db, user.id);
    if (!play.board_hub_id) return null;
    const now = clock.now();
    const month = startOfDay(`${isoDateIn(now).slice(0, 8)}01`);
    return { hubName: play.hub_name ?? '', lines: await store.boardOf(db, play.board_hub_id, month, user.id) };
  }

  // --- Missions, as the city and hubs curate them --------------------------------------------

  async function createMission(user: SessionUser, input: MissionInput): Promise<{ id: string }> {
    const id = randomUUID();
    const hubId = user.role === 'hub_operator' ? (user.me.hub?.id ?? null) : null;
    await db.transaction(async (tx) => {
      await store.insertMission(tx, id, input, hubId, user.id, clock.now());
      // Missions mint credits: who made one, and what it pays, is kept.
      await audit(tx, {
        at: clock.now(),
        actorId: user.id,
        action: 'mission_create',
        objectType: 'mission',
        objectId: id,
        details: { hubId, reward: input.reward, badge: input.badge },
      });
    });
    return { id };
  }

  async function listMissions(user: SessionUser): Promise<MissionView[]> {
    const rows = await store.missionsEndingFrom(
      db,
      isoDateIn(new Date(clock.now().getTime() - 60 * DAY_MS)),
      user.role === 'hub_operator' ? (user.me.hub?.id ?? null) : undefined,
    );
    return rows.map((m) =>
      store.missionView(
        m,
        m.steps.map((s) => ({ ...s, done: false })),
        null,
      ),
    );
  }

  // --- Open Badges 3.0 -------------------------------------------------------------------------

  /** A badge the youth earned, as a signed Open Badges 3.0 credential; null when they have not earned it. */
  async function credential(user: SessionUser, key: BadgeKey, origin: string, locale: Locale): Promise<Credential | null> {
    const earned = (await store.badgesOf(db, user.id)).find((b) => b.key === key);
    if (!earned) return null;
    const signingKey = await signer.key(db);
    const name = translate(`badge_${key}_name`, locale);
    const credentialBody: Credential = {
      '@context': CREDENTIAL_CONTEXT,
      id: `urn:uuid:${derivedId('badge-credential', user.id, key)}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: `${origin}/api/badges/issuer`, type: ['Profile'], name: 'WISH MI — Comune di Milano', url: origin },
      validFrom: earned.earnedAt,
      name,
      credentialSubject: {
        // Pseudonymous: the credential names no minor; whoever holds it shows it.
        id: `urn:uuid:${derivedId('badge-holder', user.id)}`,
        type: ['AchievementSubject'],
        achievement: {
          id: `${origin}/api/badges/achievements/${key}`,
          type: ['Achievement'],
          achievementType: 'Badge',
          name,
          description: translate(`badge_${key}_story`, locale),
          criteria: { narrative: translate(`badge_${key}_criteria`, locale) },
          image: { id: `data:image/svg+xml;base64,${Buffer.from(badgeSvg(key)).toString('base64')}`, type: 'Image' },
          inLanguage: locale,
        },
      },
    };
    const proof: DataIntegrityProof = {
      type: 'DataIntegrityProof',
      cryptosuite: CRYPTOSUITE,
      created: clock.now().toISOString(),
      verificationMethod: `${origin}/api/badges/issuer#${signingKey.id}`,
      proofPurpose: 'assertionMethod',
    };
    const signature = signer.sign(signingKey, await hashForProof(credentialBody, proof));
    return { ...credentialBody, proof: { ...proof, proofValue: `z${base58btc(signature)}` } };
  }

  /** Checks a credential this server issued (its issuer is this server, at `origin`): its proof, with the key it names. */
  async function verify(
    credential: Credential,
    origin: string,
  ): Promise<{ valid: true; badge: string; name: string; validFrom: string } | { valid: false; reason: ErrorCode }> {
    const issuer = `${origin}/api/badges/issuer`;
    const method = credential.proof?.verificationMethod;
    const issuerId = (credential.issuer as { id?: unknown } | undefined)?.id;
    if (issuerId !== issuer || typeof method !== 'string' || !method.startsWith(`${issuer}#`))
      return { valid: false, reason: 'credential_unknown_key' };
    const keyId = method.slice(issuer.length + 1);
    const keys = await signer.publicKeys(db);
    const key = keys.find((k) => k.id === keyId);
    if (!key) return { valid: false, reason: 'credential_unknown_key' };
    const publicKey = fromBase64Url(key.publicKey);
    if (!publicKey) return { valid: false, reason: 'credential_unknown_key' };
    const check = await verifyCredential(credential, publicKey);
    if (!check.ok) return { valid: false, reason: check.reason };
    const subject = credential.credentialSubject as { achievement?: { id?: unknown } } | undefined;
    const badge = typeof subject?.achievement?.id === 'string' ? subject.achievement.id.split('/').pop()! : '';
    if (!(badge in BADGES)) return { valid: false, reason: 'credential_malformed' };
    return { valid: true, badge, name: String(credential.name ?? ''), validFrom: String(credential.validFrom ?? '') };
  }

  return {
    hubs: () => store.hubs(db),
    welcome,
    evaluate,
    staffPlaces,
    placesOf,
    hubPlace,
    checkInAtHub,
    checkIn,
    answerPoll,
    snapshot,
    familyGame,
    setBoard,
    setReminders,
    board,
    createMission,
    listMissions,
    credential,
    verify,
  };
}

export type GameService = ReturnType<typeof createGameService>;
