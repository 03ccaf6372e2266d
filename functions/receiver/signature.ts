/**
 * Argyle's webhook signature: a lower-case hex HMAC-SHA512 of the raw request body, keyed with the
 * subscription's secret, in the `X-Argyle-Signature` header. Pure functions; the secret is always a parameter.
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

const DIGEST_BYTES = 64;
const SIGNATURE_HEX_CHARS = DIGEST_BYTES * 2;

/** Turns a secret string into a reusable HMAC key (its UTF-8 bytes, as Argyle uses them). */
export function signingKey(secret: string): KeyObject {
  if (secret.length === 0) throw new TypeError('the signing secret is empty');
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** The signature Argyle would send for `body`: lower-case hex HMAC-SHA512. */
export function signBody(secret: string | KeyObject, body: Uint8Array | string): string {
  const key = typeof secret === 'string' ? signingKey(secret) : secret;
  return createHmac('sha512', key).update(body).digest('hex');
}

/**
 * Decodes a signature header into its 64 digest bytes, or returns undefined when the header is missing or is
 * not 128 hex characters. Upper-case hex is accepted: the comparison is on bytes.
 */
export function decodeSignature(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (trimmed.length !== SIGNATURE_HEX_CHARS) return undefined;
  // Hex decoding stops at the first character that is not a hex digit: 64 bytes from 128 characters means
  // every one of them was.
  const bytes = Buffer.from(trimmed, 'hex');
  return bytes.length === DIGEST_BYTES ? bytes : undefined;
}

/** True when `signature` (decoded by {@link decodeSignature}) is the HMAC of `body` under `key`; constant-time. */
export function matchesKey(key: KeyObject, body: Uint8Array, signature: Buffer): boolean {
  if (signature.length !== DIGEST_BYTES) return false;
  return timingSafeEqual(createHmac('sha512', key).update(body).digest(), signature);
}

/**
 * True when `signature` (decoded by {@link decodeSignature}) is the HMAC of `body` under any of `keys`. Each
 * comparison is constant-time, and every key is tried, so the time taken does not tell which key matched.
 */
export function matchesAnyKey(keys: readonly KeyObject[], body: Uint8Array, signature: Buffer): boolean {
  if (signature.length !== DIGEST_BYTES) return false;
  let matched = false;
  for (const key of keys) {
    const expected = createHmac('sha512', key).update(body).digest();
    matched = timingSafeEqual(expected, signature) || matched;
  }
  return matched;
}
