import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/support/database';
import { TestApp } from '../../tests/support/app';
import { Device } from '../../tests/support/device';
import { DemoPeople, youthOf } from '../../tests/support/people';
import { DEFAULT_ROUND_RULES, type HubBudget, type HubIdea, type Project, type Round, type RoundResults } from '$shared/micro-projects';
import type { MyRound, RoundsSnapshot } from '$shared/round-participation';
import type { GameSnapshot } from '$shared/game';

const text = (it: string) => ({ it, en: '', ar: '', zh: '', es: '' });
const TODAY = '2026-11-25';
/** A short round at Hub Giambellino (municipio 6, where the demo's Haddad family lives): our example. */
const calendar = {
  ideasFrom: TODAY,
  codesignFrom: '2026-11-28',
  voteFrom: '2026-12-01',
  resultsFrom: '2026-12-05',
  deliveryFrom: '2026-12-10',
  closedFrom: '2027-06-01',
};
const project = (title: string, cost: number, ideaIds: string[] = []) => ({
  title: text(title),
  description: text(`${title}: un progetto dei ragazzi del quartiere.`),
  pillar: 'spaces',
  cost,
  place: 'Cortile di via Giambellino 58',
  carriedBy: { kind: 'group', name: 'Associazione Giambellino Giovani' },
  beneficiaries: 40,
  milestones: [
    { title: 'Avvio', amount: cost - Math.floor(cost / 2) },
    { title: 'Fine', amount: Math.floor(cost / 2) },
  ],
  ideaIds,
});

describe.each(ENGINES)('taking part in a micro-project round (%s)', (engine) => {
  let t: TestApp;
  let people: DemoPeople;
  let omar: { cookie: string; id: string };
  let round: Round;
  const ideaIds = [randomUUID(), randomUUID(), randomUUID()];
  let projects: Project[] = [];

  const as = (who: string, method: string, path: string, body?: unknown) => t.call(method, path, { cookie: people.cookies[who], body });
  const push = async (cookie: string, userId: string, name: string, args: unknown, clientTime?: string) => {
    const device = new Device();
    const res = await t.call('POST', '/api/sync/push', {
      cookie,
      body: { userId, clientId: device.clientId, mutations: [device.mutation(name, args, clientTime ?? t.clock.now().toISOString())] },
    });
    expect(res.status).toBe(200);
    return res.body.results[0] as { status: string; code?: string };
  };
  const youthPush = (name: string, args: unknown, clientTime?: string) =>
    push(people.cookies.youth, people.ids.youth, name, args, clientTime);
  const mine = async (cookie: string, userId: string): Promise<MyRound> => {
    const pull = await t.call('GET', `/api/sync/pull?userId=${userId}&clientId=${randomUUID()}`, { cookie });
    return (pull.body.changes.find((c: { entity: string }) => c.entity === 'rounds').data as RoundsSnapshot).rounds.find(
      (r) => r.id === round.id,
    )!;
  };
  const at = async (iso: string) => {
    t.clock.set(iso);
    people = await DemoPeople.signIn(t, ['hub2', 'youth', 'guardian']);
  };
  const idea = (id: string, title: string) => ({
    id,
    roundId: round.id,
    title,
    description: `${title}, per il cortile del quartiere.`,
    forWhom: 'Ragazzi dagli 11 ai 17 anni',
    place: 'Cortile di via Giambellino',
    pillar: 'spaces',
    cost: 1_500_00,
    language: 'it',
  });

  beforeAll(async () => {
    t = await TestApp.start(engine, { now: `${TODAY}T10:00:00Z` });
    people = await DemoPeople.signIn(t, ['hub2', 'youth', 'guardian']);
    omar = await youthOf(t, people.cookies.guardian, 'Omar Haddad', 'omar@rounds.example');
    const created = await as('hub2', 'POST', '/api/hub/rounds', {
      title: text('Giambellino sceglie'),
      description: text('Idee dei ragazzi per il quartiere.'),
      budget: 4_000_00,
      calendar,
      rules: { ...DEFAULT_ROUND_RULES, minVotes: 1, graceHours: 24 },
    });
    expect(created.status).toBe(201);
    round = created.body.round;
    // A mission of the hub's: propose an idea and vote, in any hub's round.
    const mission = await as('hub2', 'POST', '/api/missions', {
      title: text('Decidi anche tu'),
      story: text('Proponi un’idea e vota i progetti del tuo quartiere.'),
      ageMin: 11,
      ageMax: 18,
      startsOn: TODAY,
      endsOn: '2026-12-31',
      steps: [
        { kind: 'idea', hubId: null },
        { kind: 'vote', hubId: round.hubId },
      ],
      reward: 40,
      badge: null,
    });
    expect(mission.status).toBe(201);
  });
  const gameOf = async (cookie: string, userId: string): Promise<GameSnapshot> => {
    const pull = await t.call('GET', `/api/sync/pull?userId=${userId}&clientId=${randomUUID()}`, { cookie });
    return pull.body.changes.find((c: { entity: string }) => c.entity === 'game').data;
  };
  const event = (startsAt: string, kind: string, link: { roundId?: string; projectId?: string }) => ({
    title: 'Incontro del quartiere',
    description: '',
    kind,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
    capacity: 20,
    languages: ['it'],
    roundId: link.roundId ?? null,
    projectId: link.projectId ?? null,
  });
  /** The hub's event, someone taking a place at it, and the operator marking them present. */
  const attend = async (eventId: string, who: { cookie: string; id: string }) => {
    expect((await t.call('POST', `/api/hubs/${round.hubId}/events/${eventId}/signup`, { cookie: who.cookie, body: {} })).status).toBe(200);
    expect((await as('hub2', 'PUT', `/api/hub/events/${eventId}/attendance`, { userId: who.id, attended: true })).status).toBe(200);
  };
  afterAll(() => t.close());

  it('takes young people’s ideas, offline too and once each, and not a family’s where the round is the young people’s', async () => {
    expect(await youthPush('round.propose', idea(ideaIds[0], 'Un murale'))).toMatchObject({ status: 'applied' });
    expect(await youthPush('round.propose', idea(ideaIds[0], 'Un murale'))).toMatchObject({ status: 'applied' });
    expect(await youthPush('round.propose', idea(ideaIds[1], 'Un orto'))).toMatchObject({ status: 'applied' });
    expect(
      await push(omar.cookie, omar.id, 'round.propose', {
        ...idea(ideaIds[2], 'Canestri'),
        group: { name: '3ª B', referent: 'Prof. Rossi' },
      }),
    ).toMatchObject({
      status: 'applied',
    });
    expect(await push(people.cookies.guardian, people.ids.guardian, 'round.propose', idea(randomUUID(), 'Panchine'))).toMatchObject({
      status: 'rejected',
      code: 'round_not_eligible',
    });
    const seen = await mine(people.cookies.youth, people.ids.youth);
    expect(seen).toMatchObject({ phase: 'ideas', mayPropose: null, mayVote: null, myBallot: null, projects: [] });
    expect(seen.ideas.map((i) => [i.title, i.status]).sort()).toEqual([
      ['Un murale', 'submitted'],
      ['Un orto', 'submitted'],
    ]);
    const { ideas } = (await as('hub2', 'GET', `/api/hub/rounds/${round.id}/ideas`)).body as { ideas: HubIdea[] };
    expect(ideas.map((i) => [i.title, i.proposer]).sort()).toEqual([
      ['Canestri', 'group'],
      ['Un murale', 'youth'],
      ['Un orto', 'youth'],
    ]);
  });

  it('lets the hub moderate ideas with reasons the proposer reads, and shape projects from them, merged too', async () => {
    const refused = await as('hub2', 'PUT', `/api/hub/ideas/${ideaIds[1]}`, { status: 'not_feasible', reason: '' });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'validation_failed']);
    expect(
      (await as('hub2', 'PUT', `/api/hub/ideas/${ideaIds[1]}`, { status: 'not_feasible', reason: 'Il cortile non ha terra.' })).status,
    ).toBe(200);
    // Another hub's operator cannot touch it.
    expect((await as('youth', 'PUT', `/api/hub/ideas/${ideaIds[1]}`, { status: 'published' })).status).toBe(403);

    await at('2026-11-29T10:00:00Z');
    const late = await youthPush('round.propose', idea(randomUUID(), 'Troppo tardi'));
    expect(late).toMatchObject({ status: 'rejected', code: 'round_phase_closed' });
    const merged = await as(
      'hub2',
      'POST',
      `/api/hub/rounds/${round.id}/projects`,
      project('Murale e canestri', 2_500_00, [ideaIds[0], ideaIds[2]]),
    );
    expect(merged.status).toBe(201);
    // The library is carried out by an accredited provider the hub picks; a suspended one is not offered, nor taken.
    const [suspended] = await t.db.query<{ id: string }>(
      `UPDATE providers SET status = 'suspended' WHERE id = (SELECT id FROM providers WHERE name <> 'Polisportiva Navigli' ORDER BY name LIMIT 1)
       RETURNING id`,
    );
    const { providers } = (await as('hub2', 'GET', '/api/hub/providers')).body as { providers: { id: string; name: string }[] };
    const navigli = providers.find((p) => p.name === 'Polisportiva Navigli')!;
    expect(providers.some((p) => p.id === suspended.id)).toBe(false);
    const unaccredited = await as('hub2', 'POST', `/api/hub/rounds/${round.id}/projects`, {
      ...project('Non accreditato', 1_000_00),
      carriedBy: { kind: 'provider', providerId: suspended.id },
    });
    expect([unaccredited.status, unaccredited.body.error.code]).toEqual([404, 'provider_not_found']);
    await as('hub2', 'POST', `/api/hub/rounds/${round.id}/projects`, {
      ...project('Biblioteca di strada', 1_200_00),
      carriedBy: { kind: 'provider', providerId: navigli.id },
    });
    await as('hub2', 'POST', `/api/hub/rounds/${round.id}/projects`, project('Torneo di quartiere', 1_800_00));
    const sums = await as('hub2', 'POST', `/api/hub/rounds/${round.id}/projects`, {
      ...project('Sbagliato', 1_000_00),
      milestones: [{ title: 'Tutto', amount: 999_00 }],
    });
    expect([sums.status, sums.body.error.fields[0]]).toEqual([
      400,
      { path: 'milestones', code: 'field_milestones_sum', message: expect.any(String) },
    ]);
    const taken = await as('hub2', 'POST', `/api/hub/rounds/${round.id}/projects`, project('Doppione', 1_000_00, [ideaIds[0]]));
    expect([taken.status, taken.body.error.code]).toEqual([404, 'idea_not_found']);
    projects = (await as('hub2', 'GET', `/api/hub/rounds/${round.id}/projects`)).body.projects;
    expect(projects.find((p) => p.title.it === 'Biblioteca di strada')!.carriedBy).toEqual({
      kind: 'provider',
      providerId: navigli.id,
      name: 'Polisportiva Navigli',
    });
    expect(projects.map((p) => [p.title.it, p.ideaIds.length]).sort()).toEqual([
      ['Biblioteca di strada', 0],
      ['Murale e canestri', 2],
      ['Torneo di quartiere', 0],
    ]);

    const seen = await mine(people.cookies.youth, people.ids.youth);
    expect(seen.phase).toBe('codesign');
    expect(seen.projects).toHaveLength(3);
    const murale = seen.ideas.find((i) => i.id === ideaIds[0])!;
    expect(murale).toMatchObject({ status: 'in_project', project: { id: merged.body.id, merged: true } });
    expect(seen.ideas.find((i) => i.id === ideaIds[1])).toMatchObject({ status: 'not_feasible', reason: 'Il cortile non ha terra.' });
  });

  it('takes one ballot per young person, changeable until the close, judged by the round’s rules', async () => {
    await at('2026-12-02T10:00:00Z');
    const [murale, biblioteca, torneo] = ['Murale e canestri', 'Biblioteca di strada', 'Torneo di quartiere'].map(
      (title) => projects.find((p) => p.title.it === title)!.id,
    );
    // The ballot is fixed once the vote is open.
    const change = await as('hub2', 'POST', `/api/projects/${murale}/withdraw`, {});
    expect(change.status).toBe(404);
    expect((await as('hub2', 'POST', `/api/hub/projects/${murale}/withdraw`, {})).body.error.code).toBe('projects_locked');
    // A basket over the budget, or under half of it, does not fit.
    expect(await youthPush('round.vote', { roundId: round.id, projectIds: [murale, biblioteca, torneo] })).toMatchObject({
      status: 'rejected',
      code: 'ballot_invalid',
    });
    expect(await youthPush('round.vote', { roundId: round.id, projectIds: [biblioteca] })).toMatchObject({
      status: 'rejected',
      code: 'ballot_invalid',
    });
    expect(await youthPush('round.vote', { roundId: round.id, projectIds: [biblioteca, torneo] })).toMatchObject({ status: 'applied' });
    expect((await mine(people.cookies.youth, people.ids.youth)).myBallot).toEqual([biblioteca, torneo]);
    // Changed: still one ballot.
    expect(await youthPush('round.vote', { roundId: round.id, projectIds: [murale, biblioteca] })).toMatchObject({ status: 'applied' });
    expect((await mine(people.cookies.youth, people.ids.youth)).myBallot).toEqual([murale, biblioteca]);
    // An older ballot from her other phone, arriving late, does not undo the newer one.
    expect(
      await youthPush('round.vote', { roundId: round.id, projectIds: [torneo, biblioteca] }, '2026-12-02T08:00:00.000Z'),
    ).toMatchObject({
      status: 'applied',
    });
    expect((await mine(people.cookies.youth, people.ids.youth)).myBallot).toEqual([murale, biblioteca]);
    expect(
      await push(people.cookies.guardian, people.ids.guardian, 'round.vote', { roundId: round.id, projectIds: [murale] }),
    ).toMatchObject({
      status: 'rejected',
      code: 'forbidden',
    });
    const ballots = await t.db.query('SELECT 1 FROM micro_ballots WHERE round_id = $1', [round.id]);
    expect(ballots).toHaveLength(1);
  });

  it('counts proposing, co-designing and voting toward missions and badges, and who came to the round’s co-design meetings', async () => {
    // Sara proposed and voted: the hub's mission is done and paid, with a badge for each.
    const sara = await gameOf(people.cookies.youth, people.ids.youth);
    expect(sara.missions.find((m) => m.title.it === 'Decidi anche tu')).toMatchObject({
      completedAt: expect.any(String),
      steps: [{ done: true }, { done: true }],
    });
    expect(sara.badges.map((b) => b.key)).toEqual(expect.arrayContaining(['idea_maker', 'ballot']));

    // A co-design meeting belongs to one of the hub's own rounds, and only a co-design meeting does.
    const meeting = await as('hub2', 'POST', '/api/hub/events', event('2026-12-03T16:00:00.000Z', 'codesign', { roundId: round.id }));
    expect(meeting.status).toBe(201);
    const workshop = await as('hub2', 'POST', '/api/hub/events', event('2026-12-03T16:00:00.000Z', 'workshop', { roundId: round.id }));
    expect([workshop.status, workshop.body.error.fields[0].code]).toEqual([400, 'field_event_round']);
    const [corvetto] = await t.db.query<{ id: string }>('SELECT id FROM micro_rounds WHERE hub_id <> $1 LIMIT 1', [round.hubId]);
    const other = await as('hub2', 'POST', '/api/hub/events', event('2026-12-03T16:00:00.000Z', 'codesign', { roundId: corvetto.id }));
    expect([other.status, other.body.error.code]).toEqual([404, 'round_not_found']);
    const { events } = (await as('hub2', 'GET', '/api/hub/events')).body;
    expect(events.find((e: { id: string }) => e.id === meeting.body.id)).toMatchObject({ roundId: round.id, projectId: null });

    // Omar came: co-design counts toward his badges.
    expect((await gameOf(omar.cookie, omar.id)).badges.map((b) => b.key)).not.toContain('co_designer');
    await attend(meeting.body.id, omar);
    expect((await gameOf(omar.cookie, omar.id)).badges.map((b) => b.key)).toContain('co_designer');
  });

  it('counts a ballot cast offline before the close within the grace, and none after; then counts, and forgets who voted what', async () => {
    const [murale, biblioteca, torneo] = ['Murale e canestri', 'Biblioteca di strada', 'Torneo di quartiere'].map(
      (title) => projects.find((p) => p.title.it === title)!.id,
    );
    // Omar's phone synced on the last evening, then he voted on it offline; it arrives the next morning.
    await at('2026-12-04T20:00:00Z');
    omar = { ...omar, cookie: await t.signIn('omar@rounds.example', 'una password lunga') };
    const phone = new Device();
    await t.call('GET', `/api/sync/pull?userId=${omar.id}&clientId=${phone.clientId}`, { cookie: omar.cookie });
    const ballot = phone.mutation('round.vote', { roundId: round.id, projectIds: [biblioteca, torneo] }, '2026-12-04T21:00:00.000Z');
    await at('2026-12-05T09:00:00Z');
    const sent = await t.call('POST', '/api/sync/push', {
      cookie: omar.cookie,
      body: { userId: omar.id, clientId: phone.clientId, mutations: [ballot] },
    });
    expect(sent.body.results[0]).toMatchObject({ status: 'applied' });
    const before = await t.call<RoundResults>('GET', `/api/rounds/${round.id}/results`);
    expect(before.body).toMatchObject({ count: null, countsAt: '2026-12-05T23:00:00.000Z' });

    await at('2026-12-06T10:00:00Z');
    expect(
      await youthPush('round.vote', { roundId: round.id, projectIds: [torneo, biblioteca] }, '2026-12-04T20:00:00.000Z'),
    ).toMatchObject({
      status: 'rejected',
      code: 'round_phase_closed',
    });
    // Yusuf voted at the kiosk with his card (as the kiosk records it), and the card was revoked before
    // the close: his ballot does not count, nor does he count as a voter.
    const [yusuf] = await t.db.query<{ id: string; card: string }>(
      `SELECT u.id, c.id AS card FROM users u JOIN cards c ON c.user_id = u.id AND c.ended_at IS NULL WHERE u.name = 'Yusuf El Idrissi'`,
    );
    const [kioskBallot] = await t.db.query<{ id: string }>(
      'INSERT INTO micro_ballots (round_id, project_ids) VALUES ($1, ARRAY[$2]::uuid[]) RETURNING id',
      [round.id, murale],
    );
    await t.db.query('INSERT INTO micro_voters (round_id, user_id, ballot_id, card_id, voted_at) VALUES ($1, $2, $3, $4, $5)', [
      round.id,
      yusuf.id,
      kioskBallot.id,
      yusuf.card,
      '2026-12-02T16:00:00Z',
    ]);
    await t.db.query(`UPDATE cards SET ended_at = '2026-12-03T10:00:00Z', end_reason = 'revoked' WHERE id = $1`, [yusuf.card]);

    const results = (await t.call<RoundResults>('GET', `/api/rounds/${round.id}/results`)).body;
    expect(results.voters).toBe(2);
    // Three ideas (one not feasible still counts as taking part), one person at the co-design meeting.
    expect([results.ideas, results.codesign]).toEqual([3, 1]);
    expect(results.count).toMatchObject({ method: 'equal_shares', voters: 2, share: 2_000_00 });
    // Biblioteca (€1,200) has both votes; with equal shares it is bought first, then what is left goes by votes.
    expect(results.count!.winners[0]).toBe(biblioteca);
    expect(results.count!.spent).toBeLessThanOrEqual(4_000_00);
    expect(results.round.phase).toBe('results');
    // Nobody can tell any more who voted what: no voter points at a ballot, and the ballots are re-sorted.
    expect(await t.db.query('SELECT 1 FROM micro_voters WHERE round_id = $1 AND ballot_id IS NOT NULL', [round.id])).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM micro_ballots WHERE round_id = $1', [round.id])).toHaveLength(2);
    expect((await mine(people.cookies.youth, people.ids.youth)).myBallot).toBeNull();
    const again = (await t.call<RoundResults>('GET', `/api/rounds/${round.id}/results`)).body;
    expect(again.count).toEqual(results.count);

    const file = await t.call('GET', `/api/rounds/${round.id}/pabulib`);
    expect(file.status).toBe(200);
    const lines = String(file.body).split('\n');
    expect(lines).toContain('num_votes;2');
    expect(lines.slice(lines.indexOf('voter_id;vote') + 1).filter(Boolean)).toEqual(
      [[biblioteca, torneo].sort().join(','), [murale, biblioteca].sort().join(',')].sort().map((vote, i) => `${i + 1};${vote}`),
    );
  });

  it('funds the winners on the hub budget, pays each milestone as it is confirmed, and returns the rest when a project ends', async () => {
    const budget = async () => (await as('hub2', 'GET', '/api/hub/budget')).body.budget as HubBudget;
    const before = await budget();
    const results = (await t.call<RoundResults>('GET', `/api/rounds/${round.id}/results`)).body;
    const winners = results.projects.filter((p) => results.count!.winners.includes(p.id));
    const total = winners.reduce((sum, p) => sum + p.cost, 0);
    expect((await as('hub2', 'POST', `/api/hub/rounds/${round.id}/fund`, {})).body).toEqual({ funded: winners.length });
    expect((await as('hub2', 'POST', `/api/hub/rounds/${round.id}/fund`, {})).body).toEqual({ funded: 0 });
    const held = await budget();
    expect(held).toEqual({ ...before, committed: before.committed + total, available: before.available - total });

    const [first] = winners;
    const path = `/api/hub/projects/${first.id}/milestones`;
    const short = await as('hub2', 'POST', `${path}/0/confirm`, { report: 'ok' });
    expect([short.status, short.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await as('hub2', 'POST', `${path}/0/confirm`, { report: 'Avviato con trenta ragazzi, foto nel diario.' })).status).toBe(200);
    const again = await as('hub2', 'POST', `${path}/0/confirm`, { report: 'Avviato con trenta ragazzi, foto nel diario.' });
    expect([again.status, again.body.error.code]).toEqual([409, 'milestone_confirmed']);
    expect((await as('hub2', 'POST', `${path}/9/confirm`, { report: 'Una tappa che non esiste.' })).body.error.code).toBe(
      'milestone_not_found',
    );
    const paid = await budget();
    expect(paid).toEqual({ ...held, committed: held.committed - first.milestones[0].amount, paid: held.paid + first.milestones[0].amount });

    // Its first activity: the young people who come are its beneficiaries (a guardian is not one).
    const activity = await as('hub2', 'POST', '/api/hub/events', event('2026-12-07T15:00:00.000Z', 'workshop', { projectId: first.id }));
    expect(activity.status).toBe(201);
    await attend(activity.body.id, { cookie: people.cookies.youth, id: people.ids.youth });
    await attend(activity.body.id, { cookie: people.cookies.guardian, id: people.ids.guardian });
    const reached = (await as('hub2', 'GET', `/api/hub/rounds/${round.id}/projects`)).body.projects.find((p: Project) => p.id === first.id);
    expect([reached.reached, reached.beneficiaries]).toEqual([1, 40]);

    // It ends before its last milestone: that money goes back to the hub's budget.
    expect((await as('hub2', 'POST', `/api/hub/projects/${first.id}/close`, {})).status).toBe(200);
    const after = await budget();
    const rest = first.cost - first.milestones[0].amount;
    expect(after).toEqual({ ...paid, committed: paid.committed - rest, available: paid.available + rest });
    expect(after.funded).toBe(after.available + after.committed + after.paid);
    expect((await as('hub2', 'POST', `${path}/1/confirm`, { report: 'Troppo tardi per questa tappa.' })).body.error.code).toBe(
      'project_closed',
    );
    const project = (await as('hub2', 'GET', `/api/hub/rounds/${round.id}/projects`)).body.projects.find(
      (p: Project) => p.id === first.id,
    ) as Project;
    expect(project.delivery).toMatchObject({
      closedAt: expect.any(String),
      milestones: [{ confirmedAt: expect.any(String) }, { confirmedAt: null }],
    });
    // The group was paid through the ledger, and the ledger still balances.
    const invariants = (await t.call('GET', '/api/city/ledger', { cookie: await t.signIn('admin@demo.wishmi.test') })).body.invariants as {
      ok: boolean;
    }[];
    expect(invariants.every((i) => i.ok)).toBe(true);
  });
});
