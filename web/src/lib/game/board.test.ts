import { describe, expect, it } from 'vitest';
import { m } from '$lib/i18n';
import { PSEUDONYM_WORDS, type BoardInput } from '$shared/game';
import { refusal, useFakeApi, useMessages } from '../../../../tests/support/fake-api';
import { HubBoard } from './board.svelte';

const HUB = '00000000-0000-4000-8000-0000000000a1';

describe("a young person's place on a hub's board", () => {
  useMessages();
  const server = useFakeApi();

  function board() {
    const sent: BoardInput[] = [];
    return { board: new HubBoard(async (choice) => void sent.push(choice)), sent };
  }

  it('offers six made-up names from the moderated list, and new ones on request', () => {
    const { board: b } = board();
    expect(b.choices).toHaveLength(6);
    for (const name of b.choices) expect(PSEUDONYM_WORDS).toContain(name.replace(/ \d+$/, ''));
    b.pseudonym = b.choices[0];
    b.otherNames();
    expect(b.pseudonym).toBeNull();
    expect(b.namesNote).toBe(m.game_board_new_names());
  });

  it('sends nothing until a hub and a name are chosen, and says which is missing', async () => {
    const { board: b, sent } = board();
    expect(await b.join()).toBe(false);
    expect(b.missing).toBe('hub');
    b.hubId = HUB;
    expect(await b.join()).toBe(false);
    expect(b.missing).toBe('name');
    b.pseudonym = b.choices[2];
    expect(await b.join()).toBe(true);
    expect(b.missing).toBeNull();
    expect(sent).toEqual([{ hubId: HUB, pseudonym: b.choices[2] }]);
  });

  it("reads the hub's board, or says why it cannot", async () => {
    const { board: b } = board();
    const lines = { hubName: 'Hub Corvetto', lines: [{ rank: 1, pseudonym: 'Volpe 12', earned: 40, you: true }] };
    server().on('GET /api/game/board', { board: lines });
    await b.load();
    expect(b.lines).toEqual(lines);
    expect(b.loading).toBe(false);

    server().on('GET /api/game/board', refusal(404, 'not_found', 'You are not on a board.'));
    await b.load();
    expect(b.problem).toBe('You are not on a board.');
    expect(b.loading).toBe(false);
  });

  it('leaves the board: the choice goes, and so do the lines shown', async () => {
    const { board: b, sent } = board();
    server().on('GET /api/game/board', { board: { hubName: 'Hub Corvetto', lines: [] } });
    await b.load();
    await b.leave();
    expect(sent).toEqual([{ hubId: null }]);
    expect(b.lines).toBeNull();
  });
});
