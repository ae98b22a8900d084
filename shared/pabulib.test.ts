import { describe, expect, it } from 'vitest';
import { toPabulib, type PabulibRound } from './pabulib';
import { countVotes } from './vote-count';

const projects = [
  { id: 'murale', name: 'Un murale; colori di tutti', category: 'creativity', cost: 1500_00 },
  { id: 'campo', name: 'Il campo "aperto"', category: 'physical_activity', cost: 2000_50 },
  { id: 'orto', name: 'Orto in cortile', category: 'common_spaces', cost: 900_00 },
];
const ballots = [['orto', 'murale'], ['campo'], ['murale', 'orto', 'gone'], [], ['murale']];
const result = countVotes({ method: 'equal_shares', budget: 3000_00, projects, ballots, minVotes: 1 });
const round: PabulibRound = {
  id: 'round-1',
  description: 'Hub Corvetto, micro-progetti 2026',
  country: 'Italy',
  unit: 'Milano',
  subunit: 'Hub Corvetto',
  language: 'it',
  voteOpens: '2026-11-02',
  voteCloses: '2026-11-16',
  ballot: { kind: 'basket', minSharePercent: 10 },
  projects,
  ballots,
  result,
};

describe("a round in Pabulib's format", () => {
  it('writes the meta, the projects with their votes and selection, and the ballots in a fixed order', () => {
    expect(toPabulib(round)).toBe(
      [
        'META',
        'key;value',
        'description;Hub Corvetto, micro-progetti 2026',
        'country;Italy',
        'unit;Milano',
        'subunit;Hub Corvetto',
        'instance;round-1',
        'num_projects;3',
        'num_votes;4',
        'budget;3000',
        'vote_type;approval',
        'rule;equalshares/greedy',
        'date_begin;02.11.2026',
        'date_end;16.11.2026',
        'min_length;1',
        'max_sum_cost;3000',
        'min_sum_cost;300',
        'language;it',
        'currency;EUR',
        'PROJECTS',
        'project_id;cost;votes;name;category;selected',
        'murale;1500;3;"Un murale; colori di tutti";creativity;1',
        'campo;2000.50;1;"Il campo ""aperto""";physical_activity;0',
        'orto;900;2;Orto in cortile;common_spaces;1',
        'VOTES',
        'voter_id;vote',
        '1;campo',
        '2;murale',
        '3;murale,orto',
        '4;murale,orto',
        '',
      ].join('\n'),
    );
  });

  it('is enough to recount the round and find the same winners', () => {
    const text = toPabulib({ ...round, ballot: { kind: 'approval', maxProjects: 2 } });
    expect(text).toContain('\nmax_length;2\n');
    const lines = text.split('\n');
    const votes = lines.slice(lines.indexOf('voter_id;vote') + 1).filter(Boolean);
    const recounted = countVotes({
      method: 'equal_shares',
      budget: 3000_00,
      projects,
      ballots: votes.map((line) => line.split(';')[1].split(',')),
      minVotes: 1,
    });
    expect(recounted).toEqual(result);
    expect(recounted.winners).toEqual(['murale', 'orto']);
  });
});
