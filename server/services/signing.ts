import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Queryable } from '../store/db';

export type SigningKey = { id: string; privateKey: KeyObject; publicRaw: Uint8Array };

/**
 * The server's Ed25519 key for booking codes: made once, kept in the database (so every server of
 * the city signs alike and codes survive restarts), published by its raw public half.
 */
export function createSigner() {
  let cached: SigningKey | null = null;

  /**
   * The newest key, read inside the caller's transaction. The first booking ever makes one in that
   * transaction: it is kept only if the transaction commits, and not cached until read back, so a
   * rolled-back key never signs a code. Two first bookings at once may each make one: every key is
   * published, and a code names the key that signed it.
   */
  async function load(db: Queryable): Promise<{ key: SigningKey; made: boolean }> {
    const [row] = await db.query<{ id: string; public_key: Uint8Array; private_key: Uint8Array }>('SELECT id, public_key, private_key FROM signing_keys ORDER BY created_at DESC, id LIMIT 1');
    if (row) return { made: false, key: { id: row.id, privateKey: createPrivateKey({ key: Buffer.from(row.private_key), format: 'der', type: 'pkcs8' }), publicRaw: new Uint8Array(row.public_key) } };
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key = { id: randomUUID(), privateKey, publicRaw: new Uint8Array(rawPublic(publicKey)) };
    await db.query('INSERT INTO signing_keys (id, public_key, private_key, created_at) VALUES ($1, $2, $3, now())', [key.id, Buffer.from(key.publicRaw), privateKey.export({ format: 'der', type: 'pkcs8' })]);
    return { made: true, key };
  }

  return {
    async key(db: Queryable): Promise<SigningKey> {
      if (cached) return cached;
      const { key, made } = await load(db);
      if (!made) cached = key;
      return key;
    },
    sign(key: SigningKey, data: string | Uint8Array): Uint8Array {
      return new Uint8Array(sign(null, Buffer.from(data), key.privateKey));
    },
    /** Every public key, for devices that check codes offline. */
    async publicKeys(db: Queryable): Promise<{ id: string; publicKey: string }[]> {
      const rows = await db.query<{ id: string; public_key: Uint8Array }>('SELECT id, public_key FROM signing_keys ORDER BY created_at, id');
      return rows.map((row) => ({ id: row.id, publicKey: Buffer.from(row.public_key).toString('base64url') }));
    },
  };
}

/** The 32 raw bytes of an Ed25519 public key object (its SPKI DER ends with them). */
function rawPublic(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(-32);
}

export type Signer = ReturnType<typeof createSigner>;
