import { createHash, randomBytes } from 'node:crypto';

/** The namespace of every id WISH MI derives (a random UUID fixed once). */
const NAMESPACE = Buffer.from('5c0f2f4e8d3a4b7e9a6f1c2d3e4f5a6b', 'hex');

/**
 * A UUID (version 5, RFC 9562) derived from its parts, so the same domain fact always gets the same
 * id: a re-run of a job or a replayed mutation meets `exists` in the ledger instead of moving money twice.
 */
export function derivedId(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u001f')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let lastMs = 0;
let counter = 0;

/**
 * A new UUID (version 7, RFC 9562) that sorts by creation time: new ids land at the end of the
 * primary-key index instead of at random pages, which keeps large ledgers fast (TigerBeetle gives
 * the same advice for transfer ids). Within one millisecond a counter keeps them in order.
 */
export function timeOrderedId(now = Date.now()): string {
  if (now <= lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  const bytes = randomBytes(16);
  const ms = BigInt(lastMs);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  // 12 bits of counter after the version nibble, so ids of the same millisecond still sort.
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
