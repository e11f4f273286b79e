import { createHash } from 'node:crypto';
import { type MasterKey, parseMasterKeys } from '../../common/secret-box';
import { Check, IN_PRODUCTION, Integer, Invalid, Parsed, Setting, SettingsGroup, Text } from '../setting';

/** Used only outside production, so that the quick start needs no setup. */
export const DEVELOPMENT_OPERATOR_API_KEY = 'tally_dev_operator_key';
/**
 * Seals secrets at rest outside production only, so that the quick start
 * needs no setup. It is public (it is in this file): production refuses it.
 */
export const DEVELOPMENT_SECRETS_ENCRYPTION_KEYS = `dev:${createHash('sha256')
  .update('tally development secrets key: public, never for production')
  .digest('base64')}`;
/** A production operator key must be at least this long (about 190 bits in base64). */
export const MIN_PRODUCTION_OPERATOR_KEY_LENGTH = 32;

const developmentMasterKey = Buffer.from(DEVELOPMENT_SECRETS_ENCRYPTION_KEYS.split(':')[1], 'base64');

function isStrongSecret(key: unknown): boolean {
  return (
    typeof key !== 'string' ||
    (key !== DEVELOPMENT_OPERATOR_API_KEY &&
      key.length >= MIN_PRODUCTION_OPERATOR_KEY_LENGTH &&
      new Set(key).size >= 10)
  );
}

@SettingsGroup({
  title: 'Authentication and secrets',
  description: 'The operator key, customer tokens, and the keys that seal secrets at rest.',
})
export class SecuritySettings {
  @Setting({
    env: 'OPERATOR_API_KEY',
    developmentDefault: DEVELOPMENT_OPERATOR_API_KEY,
    example: 'openssl rand -base64 32',
    description:
      `The operator (admin) key. Production requires a random secret of at least ${MIN_PRODUCTION_OPERATOR_KEY_LENGTH} ` +
      'characters; it may not start with `sk_` or `ct_` (the prefixes of merchant keys and customer tokens).',
  })
  @Check(
    'hasNoKeyPrefix',
    (key) => typeof key !== 'string' || !/^(sk_|ct_)/.test(key),
    'must not start with sk_ or ct_ (the prefixes of merchant keys and customer tokens)',
  )
  @Check(
    'isStrongSecret',
    isStrongSecret,
    `must be a random secret of at least ${MIN_PRODUCTION_OPERATOR_KEY_LENGTH} characters in production ` +
      '(for example: openssl rand -base64 32)',
    IN_PRODUCTION,
  )
  @Text({ minLength: 16, maxLength: 512 })
  operatorApiKey!: string;

  @Setting({
    env: 'CUSTOMER_TOKEN_TTL_SECONDS',
    default: 24 * 3600,
    description: 'The default lifetime of a customer access token.',
  })
  @Integer({ min: 60, max: 90 * 24 * 3600 })
  customerTokenTtlSeconds!: number;

  @Setting({
    env: 'SECRETS_ENCRYPTION_KEYS',
    developmentDefault: DEVELOPMENT_SECRETS_ENCRYPTION_KEYS,
    defaultShownAs: 'a public development key',
    example: 'echo "k1:$(openssl rand -base64 32)"',
    description:
      'Master keys that seal secrets at rest (webhook signing secrets, and the stored responses that carried a new ' +
      'key, token or secret): comma-separated `<id>:<base64 of 32 random bytes>`, the first one sealing, all of ' +
      'them opening. To rotate, see docs/security.md.',
  })
  @Check(
    'isNotDevelopmentKey',
    (keys) => !Array.isArray(keys) || !keys.some((k: MasterKey) => k.key.equals(developmentMasterKey)),
    'the development key is public and may not be used in production',
    IN_PRODUCTION,
  )
  @Parsed('`<id>:<base64 key>`, comma-separated', (text) => {
    if (text.length > 4_096) return new Invalid('must be shorter than or equal to 4096 characters');
    const keys = parseMasterKeys(text);
    return typeof keys === 'string' ? new Invalid(keys) : keys;
  })
  secretsEncryptionKeys!: MasterKey[];
}
