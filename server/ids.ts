import { createHash } from 'node:crypto';

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
