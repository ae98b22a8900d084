// Open Badges 3.0 credentials: a badge a youth earned, as a W3C verifiable credential
// secured with a Data Integrity proof (cryptosuite eddsa-jcs-2022: JSON canonicalization, SHA-256,
// Ed25519), so anyone holding the server's public key can check it, with no account and no network.

export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;
export const CRYPTOSUITE = 'eddsa-jcs-2022';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 8785 (JCS): keys sorted by UTF-16 code units, no spaces, numbers and strings as JSON writes them. */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('JCS cannot encode a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(',')}}`;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (const byte of bytes.subarray(zeros)) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  return (
    '1'.repeat(zeros) +
    digits
      .reverse()
      .map((d) => BASE58[d])
      .join('')
  );
}

export function fromBase58btc(text: string): Uint8Array | null {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (const char of text.slice(zeros)) {
    let carry = BASE58.indexOf(char);
    if (carry < 0) return null;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i] * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  out.set(bytes.reverse(), zeros);
  return out;
}

export type DataIntegrityProof = {
  type: 'DataIntegrityProof';
  cryptosuite: typeof CRYPTOSUITE;
  created: string;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  proofValue?: string;
  '@context'?: readonly string[];
};

export type Credential = { '@context': readonly string[]; proof?: DataIntegrityProof; [key: string]: unknown };

const encoder = new TextEncoder();
const sha256 = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

/** What is signed (eddsa-jcs-2022 §3.3.4): the hash of the proof's options, then the hash of the document without its proof. */
export async function hashForProof(credential: Credential, proof: DataIntegrityProof): Promise<Uint8Array> {
  const { proof: _ignored, ...document } = credential;
  const { proofValue: _value, ...options } = proof;
  const [optionsHash, documentHash] = await Promise.all([
    sha256(canonicalize({ ...options, '@context': credential['@context'] })),
    sha256(canonicalize(document as Json)),
  ]);
  const data = new Uint8Array(64);
  data.set(optionsHash, 0);
  data.set(documentHash, 32);
  return data;
}

/** The longest proof value read: an Ed25519 signature is 88 base58 characters (decoding is quadratic). */
export const MAX_PROOF_VALUE = 100;

/** An Ed25519 public key as a Multikey (multicodec 0xed01, base58btc with its "z" prefix). */
export function ed25519Multikey(publicKey: Uint8Array): string {
  const bytes = new Uint8Array(2 + publicKey.length);
  bytes.set([0xed, 0x01], 0);
  bytes.set(publicKey, 2);
  return `z${base58btc(bytes)}`;
}

export type CredentialCheck = { ok: true } | { ok: false; reason: 'credential_malformed' | 'credential_signature' };

/** Checks a credential's proof against the issuer's Ed25519 public key (raw 32 bytes). */
export async function verifyCredential(credential: Credential, publicKey: Uint8Array): Promise<CredentialCheck> {
  const proof = credential.proof;
  if (
    !proof ||
    proof.type !== 'DataIntegrityProof' ||
    proof.cryptosuite !== CRYPTOSUITE ||
    typeof proof.proofValue !== 'string' ||
    !proof.proofValue.startsWith('z') ||
    proof.proofValue.length > MAX_PROOF_VALUE
  ) {
    return { ok: false, reason: 'credential_malformed' };
  }
  const signature = fromBase58btc(proof.proofValue.slice(1));
  if (!signature || signature.length !== 64) return { ok: false, reason: 'credential_malformed' };
  let data: Uint8Array;
  try {
    data = await hashForProof(credential, proof);
  } catch {
    return { ok: false, reason: 'credential_malformed' };
  }
  const key = await crypto.subtle.importKey('raw', publicKey as BufferSource, { name: 'Ed25519' }, false, ['verify']);
  return (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, data as BufferSource))
    ? { ok: true }
    : { ok: false, reason: 'credential_signature' };
}
