// Secrets (merchant keys, customer tokens, webhook secrets): 256 random bits,
// shown once, stored only as SHA-256. A fast hash is right here: the secret has
// full entropy, so there is nothing for a slow hash to protect, and lookups by
// hash are constant time in the secret.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix` + 43 base62 characters (about 256 bits). */
export function generateSecret(prefix: string): string {
  // Rejection sampling keeps every character uniformly distributed.
  let body = '';
  while (body.length < 43) {
    for (const byte of randomBytes(64)) {
      if (byte < 248) body += BASE62[byte % 62];
      if (body.length === 43) break;
    }
  }
  return `${prefix}${body}`;
}

/** The secret of an `Authorization: Bearer <secret>` header, or undefined if the header is not of that form. */
export function bearerSecret(authorization: string | undefined): string | undefined {
  return authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
}

/** SHA-256, hex: how full-entropy secrets (and other values kept only as a digest) are stored and looked up. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Longer bearer secrets are refused without a lookup. */
export const MAX_SECRET_LENGTH = 512;

export const MERCHANT_KEY_PREFIX = 'sk_';
export const CUSTOMER_TOKEN_PREFIX = 'ct_';
