import { createPrivateKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Queryable } from '../store/db';
import { insertSigningKey, newestSigningKey, publicKeys } from '../store/signing-keys';

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
    const stored = await newestSigningKey(db);
    if (stored)
      return {
        made: false,
        key: {
          id: stored.id,
          privateKey: createPrivateKey({ key: Buffer.from(stored.privateKey), format: 'der', type: 'pkcs8' }),
          publicRaw: new Uint8Array(stored.publicKey),
        },
      };
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const key = { id: randomUUID(), privateKey, publicRaw: new Uint8Array(rawPublic(publicKey)) };
    await insertSigningKey(db, { id: key.id, publicKey: key.publicRaw, privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }) });
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
      return (await publicKeys(db)).map((key) => ({ id: key.id, publicKey: Buffer.from(key.publicKey).toString('base64url') }));
    },
  };
}

/** The 32 raw bytes of an Ed25519 public key object (its SPKI DER ends with them). */
function rawPublic(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(-32);
}

export type Signer = ReturnType<typeof createSigner>;
