import type { Queryable } from '../../store/db';
import type { Entity } from '$shared/entities';
import { entityScope, recordChange } from '../../store/sync';
import { ENTITIES } from '../../features';

/**
 * What a transaction changed that people's devices must learn of. Writers note it here as they go;
 * `flush` records the new state of each thing once, at the end, in the same transaction — so a sync
 * push of a thousand edits to one profile records one change, not a thousand.
 */
export class Changes {
  #noted = new Map<Entity, Set<string>>();

  /** Notes that a logged entity changed (a profile, a household, a household's bookings). */
  note(entity: Entity, id: string): void {
    if (!('load' in ENTITIES[entity])) throw new Error(`The entity ${entity} is read fresh on every pull, not recorded as it changes.`);
    const ids = this.#noted.get(entity) ?? new Set();
    ids.add(id);
    this.#noted.set(entity, ids);
  }

  /** The entities with something noted since the mark. */
  notedSince(mark: [Entity, string[]][]): Entity[] {
    const before = new Map(mark);
    return [...this.#noted].filter(([entity, ids]) => ids.size > (before.get(entity)?.length ?? 0)).map(([entity]) => entity);
  }

  /** A mark to go back to when what was noted since must be undone (a refused mutation). */
  mark(): [Entity, string[]][] {
    return [...this.#noted].map(([entity, ids]) => [entity, [...ids]]);
  }

  restore(mark: [Entity, string[]][]): void {
    this.#noted = new Map(mark.map(([entity, ids]) => [entity, new Set(ids)]));
  }

  /** Records each noted thing's new state, in the order entities are declared (what one notes of another comes after it). */
  async flush(tx: Queryable, now: Date): Promise<void> {
    for (const entity of Object.keys(ENTITIES) as Entity[]) {
      const declaration = ENTITIES[entity];
      if (!('load' in declaration)) continue;
      for (const id of this.#noted.get(entity) ?? []) {
        const data = await declaration.load(tx, id);
        await recordChange(tx, entityScope(entity, id), entity, id, data, now);
        for (const [other, otherId] of declaration.also?.(data as never) ?? []) this.note(other, otherId);
      }
    }
    this.#noted.clear();
  }
}

/** A service's work inside a transaction someone else holds (a sync push), noting its changes there. */
export type InTransaction = { tx: Queryable; changes: Changes };
