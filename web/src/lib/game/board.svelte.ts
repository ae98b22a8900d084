import { api, errorText } from '$lib/services/api';
import { m } from '$lib/i18n';
import { pseudonymChoices, type BoardInput, type BoardLine } from '$shared/game';

/** A hub's board as the server ranks it this month. */
export type BoardLines = { hubName: string; lines: BoardLine[] };

/**
 * A young person's place on a hub's board: joining under a made-up name from the moderated list,
 * leaving, and the board itself, read from the server (it is everyone's) once joined.
 * `send` changes the person's choice (through the device's outbox: it works offline too).
 */
export class HubBoard {
  hubId = $state<string | null>(null);
  choices = $state(pseudonymChoices());
  pseudonym = $state<string | null>(null);
  /** What the join form still needs, once the person tried to send it. */
  missing = $state<'hub' | 'name' | null>(null);
  /** Said to screen readers when new names replace the choices. */
  namesNote = $state('');
  lines = $state<BoardLines | null>(null);
  loading = $state(false);
  problem = $state<string | null>(null);

  constructor(private readonly send: (choice: BoardInput) => Promise<void>) {}

  async load(): Promise<void> {
    this.loading = true;
    this.problem = null;
    try {
      this.lines = (await (await api.game.board.$get()).json()).board;
    } catch (error) {
      this.problem = errorText(error);
    } finally {
      this.loading = false;
    }
  }

  otherNames(): void {
    this.choices = pseudonymChoices();
    this.pseudonym = null;
    this.namesNote = m.game_board_new_names();
  }

  /** Joins with the hub and name chosen; nothing is sent while one is missing (`missing` says which). */
  async join(): Promise<boolean> {
    this.missing = !this.hubId ? 'hub' : !this.pseudonym ? 'name' : null;
    if (this.missing) return false;
    await this.send({ hubId: this.hubId, pseudonym: this.pseudonym! });
    return true;
  }

  async leave(): Promise<void> {
    await this.send({ hubId: null });
    this.lines = null;
  }
}
