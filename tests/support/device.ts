import { randomUUID } from 'node:crypto';
import type { Mutation } from '$shared/sync';

/** A device in server tests: its id and the next seq of its outbox, as the app keeps them. */
export class Device {
  readonly clientId = randomUUID();
  seq = 0;
  mutation(name: string, args: unknown, clientTime = '2026-11-25T10:00:00.000Z'): Mutation {
    return { id: randomUUID(), clientId: this.clientId, seq: ++this.seq, name, args, clientTime };
  }
}
