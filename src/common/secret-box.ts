// Secrets that Tally must be able to read again (webhook signing secrets, the
// responses that carried a new key or token) are kept in PostgreSQL only
// sealed: AES-256-GCM under a data key derived (HKDF-SHA256) from a master
// key that lives in the environment (SECRETS_ENCRYPTION_KEYS), never in the
// database. A database reader, a replica or a pg_dump holds ciphertext only.
//
// Each sealed value names the master key that sealed it, so keys rotate: the
// first key of the list seals, every key of the list opens. Each value is
// bound to its place (`context`, authenticated as associated data), so a
// sealed value copied into another row or column does not open there. A
// caller may add key material the database never holds (`extraKey`: the
// client's raw Idempotency-Key), so that even the master key alone cannot
// open the value.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface MasterKey {
  /** Short name stored with each sealed value (letters, digits, `-`, `_`). */
  id: string;
  /** 32 random bytes. */
  key: Buffer;
}

const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MASTER_KEY_BYTES = 32;

export class SealedValueError extends Error {}

/**
 * Parses SECRETS_ENCRYPTION_KEYS: comma-separated `<id>:<base64 of 32 bytes>`,
 * the first one sealing. Returns the keys or a problem.
 */
export function parseMasterKeys(value: string): MasterKey[] | string {
  const keys: MasterKey[] = [];
  for (const part of value.split(',')) {
    const match = /^\s*([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)\s*$/.exec(part);
    if (!match) return 'must be comma-separated <id>:<base64 key> pairs';
    const key = Buffer.from(match[2], 'base64');
    if (key.length !== MASTER_KEY_BYTES) return `key ${match[1]} must be ${MASTER_KEY_BYTES} bytes, base64-encoded`;
    if (keys.some((k) => k.id === match[1])) return `key id ${match[1]} appears twice`;
    keys.push({ id: match[1], key });
  }
  return keys;
}

export class SecretBox {
  private readonly byId: Map<string, Buffer>;
  private readonly digestKeys = new Map<string, Buffer>();

  constructor(private readonly keys: readonly MasterKey[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one master key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** Whether a stored value is sealed (as opposed to a value written before sealing existed). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /**
   * A keyed digest (HMAC-SHA256, hex, under a key derived from the current
   * master key for `purpose`): for a value of little entropy (a phone
   * number) that must be recognised again but not read back, which a plain
   * hash would not hide (every number can be hashed and compared). A new
   * first master key gives new digests.
   */
  digest(purpose: string, value: string): string {
    let key = this.digestKeys.get(purpose);
    if (!key) {
      key = dataKey(this.keys[0].key, `digest:${purpose}`, '');
      this.digestKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(value, 'utf8').digest('hex');
  }

  /** How every value sealed with the current (first) master key starts. */
  get currentKeyPrefix(): string {
    return `${PREFIX}${this.keys[0].id}:`;
  }

  seal(plaintext: string, context: string, extraKey = ''): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', dataKey(key, context, extraKey), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The plaintext; throws SealedValueError if the key is gone, the context or extra key differ, or it was altered. */
  open(sealed: string, context: string, extraKey = ''): string {
    if (!SecretBox.isSealed(sealed)) throw new SealedValueError('not a sealed value');
    const rest = sealed.slice(PREFIX.length);
    const colon = rest.indexOf(':');
    const key = this.byId.get(rest.slice(0, colon));
    if (colon < 0 || !key) throw new SealedValueError('sealed with a master key that is no longer configured');
    const bytes = Buffer.from(rest.slice(colon + 1), 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedValueError('sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey(key, context, extraKey), bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError('sealed value does not open with this key and context');
    }
  }
}

function dataKey(master: Buffer, context: string, extraKey: string): Buffer {
  // HKDF's salt carries the caller's extra key material; its info, the place the value belongs to.
  return Buffer.from(hkdfSync('sha256', master, Buffer.from(extraKey, 'utf8'), `tally:${context}`, 32));
}
