import type { Queryable } from '../store/db';
import { derivedId } from '../ids';
import { insertAccounts } from '../store/ledger';
import { executeBatch } from '../services/ledger/ledger.service';
import {
  CITY_FUNDING,
  hubCollectiveAccount,
  hubCollectiveId,
  PROGRAMME_BUDGET,
  projectPayeeAccount,
  projectPayeeId,
  providerPayableId,
} from '../services/ledger/accounts';
import {
  insertFunding,
  insertMilestoneReport,
  insertProject,
  insertRound,
  markFunded,
  projectsOf,
  setProjectIdeas,
  storeResult,
} from '../store/micro-projects';
import { castBallot, insertIdea, sealBallots } from '../store/round-participation';
import { addSignup, insertEvent, markAttendance } from '../store/hub-events';
import { countVotes } from '$shared/vote-count';
import { addDays, isoDateIn, startOfDay } from '$shared/dates';
import { DEFAULT_ROUND_RULES, type FundingSource, type ProjectInput } from '$shared/micro-projects';
import type { TransferInput } from '$shared/ledger';
import type { Pillar } from '$shared/catalogue';

/**
 * Our figure for each hub's budget for micro-projects (the programme gave each hub one, amounts not
 * published): €20,000 a year, so six hubs together fund about a hundred micro-projects over the years.
 */
export const DEMO_HUB_BUDGET = 20_000_00;
/** Where each demo hub's money comes from, in the order of the demo's hubs: our example. */
const SOURCES: FundingSource[] = ['eu_fund', 'eu_fund', 'national_childhood_fund', 'national_childhood_fund', 'city', 'city'];

const text = (it: string, en: string, ar: string, zh: string, es: string) => ({ it, en, ar, zh, es });

/**
 * The demo's collective budgets: the city puts money for the hubs into the programme, funds each hub's
 * budget from it (through the ledger, with its source), and Hub Corvetto has a round in its vote.
 */
export async function seedDemoMicroProjects(
  tx: Queryable,
  demo: { hubs: string[]; admin: string; operator: string; youth: string; voters: string[]; provider: string },
  now: Date,
) {
  await insertAccounts(tx, demo.hubs.map(hubCollectiveAccount), now);
  const by = 'system:demo';
  const transfers: TransferInput[] = [
    {
      id: derivedId('demo', 'hub-budgets'),
      kind: 'single',
      debitAccountId: CITY_FUNDING,
      creditAccountId: PROGRAMME_BUDGET,
      amount: DEMO_HUB_BUDGET * demo.hubs.length,
      ledger: 'EUR',
      code: 'funding',
      createdBy: by,
    },
    ...demo.hubs.map((hub): TransferInput => ({
      id: derivedId('demo', 'hub-budget', hub),
      kind: 'single',
      debitAccountId: PROGRAMME_BUDGET,
      creditAccountId: hubCollectiveId(hub),
      amount: DEMO_HUB_BUDGET,
      ledger: 'EUR',
      code: 'funding',
      createdBy: by,
      ref: { type: 'hub', id: hub },
    })),
  ];
  const results = await executeBatch(tx, transfers, now, { rowLocks: true, lookForReplays: true });
  if (results.some((r) => r !== 'ok')) throw new Error(`Demo hub budgets refused: ${results.join(', ')}`);
  for (const [i, hub] of demo.hubs.entries())
    await insertFunding(tx, {
      id: derivedId('demo', 'hub-budget', hub),
      hubId: hub,
      amount: DEMO_HUB_BUDGET,
      source: SOURCES[i % SOURCES.length],
      note: '',
      by: demo.admin,
      at: now,
    });

  // Hub Corvetto's round, open to young people from the whole city: its vote opened five days ago, on
  // six projects shaped from young people's ideas (Sara's among them).
  const today = isoDateIn(now);
  const corvetto = demo.hubs[0];
  const roundId = await insertRound(
    tx,
    corvetto,
    {
      title: text('Corvetto decide', 'Corvetto decides', 'كورفيتو يقرر', '科尔维托来决定', 'Corvetto decide'),
      description: text(
        'Idee dei ragazzi per il quartiere: spazi, sport, arte. Proponi, co-progetta, vota.',
        "Young people's ideas for the neighbourhood: spaces, sport, art. Propose, co-design, vote.",
        'أفكار الشباب للحي: مساحات، رياضة، فن. اقترح، صمّم معنا، صوّت.',
        '青少年为社区出的点子：空间、运动、艺术。提议、共同设计、投票。',
        'Ideas de los jóvenes para el barrio: espacios, deporte, arte. Propón, codiseña, vota.',
      ),
      budget: 12_000_00,
      calendar: {
        ideasFrom: addDays(today, -40),
        codesignFrom: addDays(today, -25),
        voteFrom: addDays(today, -5),
        resultsFrom: addDays(today, 9),
        deliveryFrom: addDays(today, 23),
        closedFrom: addDays(today, 200),
      },
      rules: { ...DEFAULT_ROUND_RULES, area: 'city', minVotes: 3 },
    },
    demo.operator,
    now,
  );
  for (const [i, p] of DEMO_PROJECTS.entries()) {
    const at = new Date(now.getTime() - (30 - i) * DAY_MS);
    const ideaId = derivedId('demo', 'idea', String(i));
    await insertIdea(
      tx,
      {
        id: ideaId,
        roundId,
        title: p.title.it,
        description: p.description.it,
        forWhom: 'Ragazzi del quartiere',
        place: p.place,
        pillar: p.pillar,
        cost: p.cost,
        language: 'it',
        // Sara's own idea; the others came from groups at the hub's co-design meetings, written down by its operator.
        group: i === 0 ? null : { name: p.group, referent: 'Davide Colombo' },
      },
      { id: i === 0 ? demo.youth : demo.operator, proposer: i === 0 ? 'youth' : 'group', kioskId: null },
      at,
    );
    const projectId = await insertProject(tx, roundId, asProject(p, [ideaId]), demo.operator, at);
    await setProjectIdeas(tx, projectId, [ideaId], demo.operator, at);
  }
  // The round's co-design meeting, in its co-design phase: Yusuf came (Sara's first meeting is still ahead of her, in the demo's missions).
  await pastEvent(tx, corvetto, demo.operator, demo.voters.slice(1), {
    title: 'Co-progettiamo i micro-progetti',
    description: 'Dalle idee ai progetti: chi li fa, quanto costano, dove.',
    kind: 'codesign',
    at: new Date(now.getTime() - 15 * DAY_MS),
    roundId,
    projectId: null,
  });

  // Hub Corvetto's summer round, gathering ideas (at the kiosk too) for its co-design meetings.
  await insertRound(
    tx,
    corvetto,
    {
      title: text("Corvetto d'estate", 'Corvetto in summer', 'كورفيتو في الصيف', '夏日科尔维托', 'Corvetto en verano'),
      description: text(
        "Cosa facciamo quest'estate nel quartiere? Proponi la tua idea, anche al chiosco dell'hub.",
        'What shall we do in the neighbourhood this summer? Propose your idea, at the hub’s kiosk too.',
        'ماذا نفعل في الحي هذا الصيف؟ اقترح فكرتك، في كشك المركز أيضًا.',
        '今年夏天我们在社区做什么？提出你的想法，也可以在中心的自助终端提交。',
        '¿Qué hacemos este verano en el barrio? Propón tu idea, también en el quiosco del hub.',
      ),
      budget: 5_000_00,
      calendar: {
        ideasFrom: addDays(today, -3),
        codesignFrom: addDays(today, 12),
        voteFrom: addDays(today, 26),
        resultsFrom: addDays(today, 33),
        deliveryFrom: addDays(today, 40),
        closedFrom: addDays(today, 220),
      },
      rules: { ...DEFAULT_ROUND_RULES, area: 'city', minVotes: 3 },
    },
    demo.operator,
    now,
  );

  // Hub Giambellino's round of last season, in delivery: its votes are counted when its results are
  // first read (as a real round's are), from the ballots of the demo's young people of municipio 6.
  const giambellino = demo.hubs[1];
  const pastId = await insertRound(
    tx,
    giambellino,
    {
      title: text('Giambellino in gioco', 'Giambellino at play', 'جامبيلينو في اللعب', '詹贝利诺在行动', 'Giambellino en juego'),
      description: text(
        'Il primo turno dei ragazzi del Giambellino: sport e spazi per il quartiere.',
        "Giambellino young people's first round: sport and spaces for the neighbourhood.",
        'الجولة الأولى لشباب جامبيلينو: رياضة ومساحات للحي.',
        '詹贝利诺青少年的第一轮：为社区带来运动和空间。',
        'La primera ronda de los jóvenes del Giambellino: deporte y espacios para el barrio.',
      ),
      budget: 5_000_00,
      calendar: {
        ideasFrom: addDays(today, -120),
        codesignFrom: addDays(today, -100),
        voteFrom: addDays(today, -80),
        resultsFrom: addDays(today, -66),
        deliveryFrom: addDays(today, -50),
        closedFrom: addDays(today, 150),
      },
      rules: { ...DEFAULT_ROUND_RULES, minVotes: 1 },
    },
    demo.admin,
    now,
  );
  const past: string[] = [];
  // The garden is carried out by one of the programme's providers: its milestones are paid to the provider.
  for (const [i, p] of DEMO_PROJECTS.slice(1, 4).entries()) {
    const shaped = asProject(p, [], i === 2 ? { kind: 'provider', providerId: demo.provider } : undefined);
    // A minute apart: the round's order (which breaks ties) is the order they were made.
    past.push(await insertProject(tx, pastId, shaped, demo.admin, new Date(now.getTime() - 90 * DAY_MS + i * 60_000)));
  }
  const ballots = [
    [past[0], past[1]],
    [past[1], past[2]],
  ];
  for (const [i, voter] of demo.voters.entries())
    await castBallot(tx, pastId, voter, ballots[i % ballots.length], null, new Date(now.getTime() - 70 * DAY_MS));

  // Counted as the results phase began, its winners funded, and the first winner half-way: its first
  // milestone confirmed and paid to the group, the second still held on the hub's budget.
  const sealed = await sealBallots(tx, pastId, startOfDay(addDays(today, -66)));
  const pastProjects = await projectsOf(tx, pastId);
  const count = countVotes({
    method: DEFAULT_ROUND_RULES.method,
    budget: 5_000_00,
    minVotes: 1,
    projects: pastProjects.map((p) => ({ id: p.id, cost: p.cost })),
    ballots: sealed,
  });
  await storeResult(tx, pastId, count, new Date(now.getTime() - 64 * DAY_MS));
  const winners = pastProjects.filter((p) => count.winners.includes(p.id));
  await insertAccounts(
    tx,
    winners.filter((p) => p.carriedBy.kind === 'group').map((p) => projectPayeeAccount(p.id)),
    now,
  );
  // The group's winner (the study room) is the one half-way; the provider's garden has both milestones still held.
  const first = winners.find((p) => p.carriedBy.kind === 'group')!;
  const delivery = await executeBatch(
    tx,
    [
      ...winners.flatMap((p) =>
        p.milestones.map((m, i): TransferInput => ({
          id: derivedId('milestone-hold', p.id, String(i)),
          kind: 'pending',
          debitAccountId: hubCollectiveId(giambellino),
          creditAccountId: p.carriedBy.kind === 'provider' ? providerPayableId(p.carriedBy.providerId) : projectPayeeId(p.id),
          amount: m.amount,
          ledger: 'EUR',
          code: 'collective_funding',
          timeoutAt: startOfDay(addDays(today, 150)),
          createdBy: by,
          ref: { type: 'micro_project', id: p.id },
        })),
      ),
      {
        id: derivedId('milestone-post', first.id, '0'),
        kind: 'post_pending',
        pendingId: derivedId('milestone-hold', first.id, '0'),
        code: 'collective_funding',
        createdBy: by,
        ref: { type: 'micro_project', id: first.id },
      },
    ],
    now,
    { rowLocks: true, lookForReplays: true },
  );
  if (delivery.some((r) => r !== 'ok')) throw new Error(`Demo micro-project delivery refused: ${delivery.join(', ')}`);
  await markFunded(
    tx,
    winners.map((p) => p.id),
    new Date(now.getTime() - 60 * DAY_MS),
  );
  await insertMilestoneReport(tx, {
    projectId: first.id,
    idx: 0,
    report: 'Partiti con 25 ragazzi: materiali comprati, primo incontro fatto in cortile.',
    by: demo.operator,
    at: new Date(now.getTime() - 30 * DAY_MS),
  });
  // The first winner's first activity: the young people who came are its first beneficiaries.
  await pastEvent(tx, giambellino, demo.admin, demo.voters.slice(1), {
    title: 'Primo pomeriggio del progetto',
    description: 'Si parte: materiali, squadre e calendario.',
    kind: 'workshop',
    at: new Date(now.getTime() - 28 * DAY_MS),
    roundId: null,
    projectId: first.id,
  });
}

/** A two-hour event of a hub, held in the past, which `attendees` came to. */
async function pastEvent(
  tx: Queryable,
  hubId: string,
  by: string,
  attendees: string[],
  event: { title: string; description: string; kind: 'codesign' | 'workshop'; at: Date; roundId: string | null; projectId: string | null },
): Promise<void> {
  const id = await insertEvent(
    tx,
    hubId,
    {
      title: event.title,
      description: event.description,
      kind: event.kind,
      startsAt: event.at.toISOString(),
      endsAt: new Date(event.at.getTime() + 2 * 3_600_000).toISOString(),
      capacity: 30,
      languages: ['it'],
      roundId: event.roundId,
      projectId: event.projectId,
    },
    by,
    new Date(event.at.getTime() - 7 * DAY_MS),
  );
  for (const person of attendees) {
    await addSignup(tx, id, person, new Date(event.at.getTime() - DAY_MS));
    await markAttendance(tx, id, person, event.at);
  }
}

const DAY_MS = 86_400_000;

type DemoProject = (typeof DEMO_PROJECTS)[number];

/** A demo project as the co-design form would send it: carried out by its group (or a provider), paid in two equal milestones. */
const asProject = (p: DemoProject, ideaIds: string[], provider?: { kind: 'provider'; providerId: string }): ProjectInput => ({
  title: p.title,
  description: p.description,
  pillar: p.pillar,
  cost: p.cost,
  place: p.place,
  carriedBy: provider ?? { kind: 'group', name: p.group },
  beneficiaries: p.beneficiaries,
  milestones: [
    { title: 'Avvio', amount: p.cost / 2 },
    { title: 'Conclusione', amount: p.cost / 2 },
  ],
  ideaIds,
});

/** The six projects on Corvetto's demo ballot (our examples), each cost an even number of euros (two equal milestones). */
const DEMO_PROJECTS: {
  title: ReturnType<typeof text>;
  description: ReturnType<typeof text>;
  pillar: Pillar;
  cost: number;
  place: string;
  group: string;
  beneficiaries: number;
}[] = [
  {
    title: text(
      'Un murale per piazzale Gabriele Rosa',
      'A mural for Piazzale Gabriele Rosa',
      'جدارية لساحة غابرييلي روزا',
      '加布里埃莱·罗萨广场壁画',
      'Un mural para piazzale Gabriele Rosa',
    ),
    description: text(
      "Dipingiamo insieme il muro grigio della piazza, con un'artista del quartiere.",
      'We paint the square’s grey wall together, with an artist from the neighbourhood.',
      'نرسم معًا الجدار الرمادي في الساحة مع فنانة من الحي.',
      '和社区的一位艺术家一起画广场上的灰墙。',
      'Pintamos juntos el muro gris de la plaza, con una artista del barrio.',
    ),
    pillar: 'talents',
    cost: 4_000_00,
    place: 'Piazzale Gabriele Rosa',
    group: 'Collettivo Muri Aperti',
    beneficiaries: 120,
  },
  {
    title: text(
      'Canestri nuovi al campetto',
      'New hoops at the court',
      'سلال جديدة في الملعب',
      '球场新篮筐',
      'Canastas nuevas en la cancha',
    ),
    description: text(
      'Due canestri e le righe ridipinte al campetto di via Mompiani.',
      'Two hoops and repainted lines at the court in Via Mompiani.',
      'سلتان وخطوط مطلية من جديد في ملعب شارع مومبياني.',
      '在蒙皮亚尼街球场安装两个篮筐并重新画线。',
      'Dos canastas y las líneas repintadas en la cancha de via Mompiani.',
    ),
    pillar: 'physical',
    cost: 3_000_00,
    place: 'Campetto di via Mompiani',
    group: 'ASD Corvetto Basket',
    beneficiaries: 80,
  },
  {
    title: text(
      'Aula studio aperta il sabato',
      'A study room open on Saturdays',
      'قاعة دراسة مفتوحة أيام السبت',
      '周六开放的自习室',
      'Sala de estudio abierta los sábados',
    ),
    description: text(
      "L'hub resta aperto il sabato pomeriggio per studiare insieme, con due tutor.",
      'The hub stays open on Saturday afternoons to study together, with two tutors.',
      'يبقى المركز مفتوحًا بعد ظهر السبت للدراسة معًا مع مدرّسَين.',
      '中心周六下午开放，两位辅导员陪大家一起学习。',
      'El hub abre los sábados por la tarde para estudiar juntos, con dos tutores.',
    ),
    pillar: 'education',
    cost: 2_400_00,
    place: 'Hub Corvetto',
    group: 'Doposcuola Corvetto',
    beneficiaries: 40,
  },
  {
    title: text('Orto in cortile', 'A courtyard garden', 'حديقة في الفناء', '庭院菜园', 'Huerto en el patio'),
    description: text(
      'Cassoni, semi e attrezzi per un orto curato dai ragazzi nel cortile delle case popolari.',
      'Planters, seeds and tools for a garden young people look after in the housing estate’s courtyard.',
      'أحواض وبذور وأدوات لحديقة يعتني بها الشباب في فناء المساكن الشعبية.',
      '在公共住宅庭院里，由青少年照料的菜园：种植箱、种子和工具。',
      'Jardineras, semillas y herramientas para un huerto cuidado por los jóvenes en el patio de las viviendas sociales.',
    ),
    pillar: 'spaces',
    cost: 1_800_00,
    place: 'Cortile di via Salomone',
    group: 'Associazione Orti di Quartiere',
    beneficiaries: 30,
  },
  {
    title: text('Podcast del quartiere', 'A neighbourhood podcast', 'بودكاست الحي', '社区播客', 'Pódcast del barrio'),
    description: text(
      'Microfoni e un corso per raccontare il Corvetto in un podcast fatto dai ragazzi.',
      'Microphones and a course to tell Corvetto’s story in a podcast made by young people.',
      'ميكروفونات ودورة لرواية قصة كورفيتو في بودكاست يصنعه الشباب.',
      '麦克风和课程，让青少年制作讲述科尔维托的播客。',
      'Micrófonos y un curso para contar el Corvetto en un pódcast hecho por los jóvenes.',
    ),
    pillar: 'social',
    cost: 1_600_00,
    place: 'Hub Corvetto',
    group: 'Radio Corvetto Giovani',
    beneficiaries: 25,
  },
  {
    title: text(
      'Sportello ascolto tra pari',
      'Peer listening desk',
      'مكتب استماع بين الأقران',
      '同伴倾听站',
      'Punto de escucha entre iguales',
    ),
    description: text(
      'Ragazzi più grandi formati da una psicologa ascoltano i più piccoli, un pomeriggio a settimana.',
      'Older young people trained by a psychologist listen to younger ones, one afternoon a week.',
      'شباب أكبر سنًا دربتهم أخصائية نفسية يستمعون إلى الأصغر، بعد ظهر يوم واحد في الأسبوع.',
      '由心理师培训的大孩子每周一个下午倾听小孩子的心声。',
      'Jóvenes mayores formados por una psicóloga escuchan a los más pequeños, una tarde a la semana.',
    ),
    pillar: 'health',
    cost: 2_200_00,
    place: 'Hub Corvetto',
    group: 'Cooperativa Spazio Ascolto',
    beneficiaries: 50,
  },
];
