/**
 * A micro-project round in Pabulib's file format (pabulib.org: the open library of participatory
 * budgeting data), so anyone can recount it with their own tools: a META section (key;value), the
 * PROJECTS (one row each, with its cost, votes and whether it was selected) and the VOTES (one row
 * per ballot). Fields are separated by semicolons and quoted as CSV is when they hold one.
 *
 * Ballots are secret: a voter's id in the file is only the ballot's place in a fixed order (sorted
 * by what it approves), never anything that could lead back to the person or to when they voted.
 */
import type { CountResult } from './vote-count';

export type PabulibRound = {
  /** The round's id: Pabulib's `instance`. */
  id: string;
  description: string;
  country: string;
  /** The city (Pabulib's `unit`) and the hub (its `subunit`). */
  unit: string;
  subunit: string;
  language: string;
  /** The vote phase, as days (YYYY-MM-DD). */
  voteOpens: string;
  voteCloses: string;
  ballot: { kind: 'basket'; minSharePercent: number } | { kind: 'approval'; maxProjects: number };
  projects: { id: string; name: string; category: string }[];
  ballots: readonly (readonly string[])[];
  result: CountResult;
};

/** Euro cents as Pabulib's costs, in euros: whole when they are, with two decimals otherwise. */
const euros = (cents: number) => (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));
/** Pabulib's dates are day.month.year. */
const pabulibDate = (day: string) => day.split('-').reverse().join('.');

function field(value: string | number): string {
  const text = String(value);
  return /[;"\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (...values: (string | number)[]) => values.map(field).join(';');

export function toPabulib(round: PabulibRound): string {
  const { result } = round;
  const counts = new Map(result.projects.map((p) => [p.id, p]));
  const known = new Set(round.projects.map((p) => p.id));
  // Only what the count counted: each ballot's known projects, once, and no empty ballot.
  const ballots = round.ballots
    .map((ballot) => [...new Set(ballot.filter((id) => known.has(id)))].sort())
    .filter((ballot) => ballot.length > 0)
    .map((ballot) => ballot.join(','))
    .sort();
  const meta: [string, string | number][] = [
    ['description', round.description],
    ['country', round.country],
    ['unit', round.unit],
    ['subunit', round.subunit],
    ['instance', round.id],
    ['num_projects', round.projects.length],
    ['num_votes', ballots.length],
    ['budget', euros(result.budget)],
    ['vote_type', 'approval'],
    ['rule', result.method === 'equal_shares' ? 'equalshares/greedy' : 'greedy'],
    ['date_begin', pabulibDate(round.voteOpens)],
    ['date_end', pabulibDate(round.voteCloses)],
    ['min_length', 1],
    ...(round.ballot.kind === 'basket'
      ? ([
          ['max_sum_cost', euros(result.budget)],
          ['min_sum_cost', euros(Math.ceil((result.budget * round.ballot.minSharePercent) / 100))],
        ] as [string, string][])
      : ([['max_length', round.ballot.maxProjects]] as [string, number][])),
    ['language', round.language],
    ['currency', 'EUR'],
  ];
  return [
    'META',
    row('key', 'value'),
    ...meta.map(([key, value]) => row(key, value)),
    'PROJECTS',
    row('project_id', 'cost', 'votes', 'name', 'category', 'selected'),
    ...round.projects.map((p) => {
      const count = counts.get(p.id);
      return row(p.id, euros(count?.cost ?? 0), count?.votes ?? 0, p.name, p.category, count?.won ? 1 : 0);
    }),
    'VOTES',
    row('voter_id', 'vote'),
    ...ballots.map((ballot, i) => row(i + 1, ballot)),
    '',
  ].join('\n');
}
