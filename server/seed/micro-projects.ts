import type { Queryable } from '../store/db';
import { derivedId } from '../ids';
import { insertAccounts } from '../store/ledger';
import { executeBatch } from '../services/ledger/ledger.service';
import { CITY_FUNDING, hubCollectiveAccount, hubCollectiveId, PROGRAMME_BUDGET } from '../services/ledger/accounts';
import { insertFunding, insertRound } from '../store/micro-projects';
import { addDays, isoDateIn } from '$shared/dates';
import { DEFAULT_ROUND_RULES, type FundingSource } from '$shared/micro-projects';
import type { TransferInput } from '$shared/ledger';

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
 * budget from it (through the ledger, with its source), and Hub Corvetto has a round collecting ideas.
 */
export async function seedDemoMicroProjects(tx: Queryable, demo: { hubs: string[]; admin: string; operator: string }, now: Date) {
  await insertAccounts(tx, demo.hubs.map(hubCollectiveAccount), now);
  const by = `user:${demo.admin}`;
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

  // Hub Corvetto's round: ideas open since ten days ago, the vote in six weeks.
  const today = isoDateIn(now);
  await insertRound(
    tx,
    demo.hubs[0],
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
        ideasFrom: addDays(today, -10),
        codesignFrom: addDays(today, 20),
        voteFrom: addDays(today, 42),
        resultsFrom: addDays(today, 56),
        deliveryFrom: addDays(today, 70),
        closedFrom: addDays(today, 250),
      },
      rules: DEFAULT_ROUND_RULES,
    },
    demo.operator,
    now,
  );
}
