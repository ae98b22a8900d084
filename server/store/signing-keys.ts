import type { Queryable } from './db';

/** A signing key as stored: its raw Ed25519 public half and its private half in PKCS#8 DER. */
export type StoredSigningKey = { id: string; publicKey: Uint8Array; privateKey: Uint8Array };

/** The key made last, which signs new codes. */
export async function newestSigningKey(db: Queryable): Promise<StoredSigningKey | null> {
  const [row] = await db.query<{ id: string; public_key: Uint8Array; private_key: Uint8Array }>(
    'SELECT id, public_key, private_key FROM signing_keys ORDER BY created_at DESC, id LIMIT 1',
  );
  return row ? { id: row.id, publicKey: row.public_key, privateKey: row.private_key } : null;
}

export async function insertSigningKey(db: Queryable, key: StoredSigningKey): Promise<void> {
  await db.query('INSERT INTO signing_keys (id, public_key, private_key, created_at) VALUES ($1, $2, $3, now())', [
    key.id,
    Buffer.from(key.publicKey),
    key.privateKey,
  ]);
}

/** One key's public half, to check a code it signed. */
export async function publicKeyOf(db: Queryable, id: string): Promise<Uint8Array | null> {
  const [row] = await db.query<{ public_key: Uint8Array }>('SELECT public_key FROM signing_keys WHERE id = $1', [id]);
  return row ? new Uint8Array(row.public_key) : null;
}

/** Every key's public half, oldest first. */
export async function publicKeys(db: Queryable): Promise<{ id: string; publicKey: Uint8Array }[]> {
  const rows = await db.query<{ id: string; public_key: Uint8Array }>('SELECT id, public_key FROM signing_keys ORDER BY created_at, id');
  return rows.map((row) => ({ id: row.id, publicKey: row.public_key }));
}
