import { isIP } from 'node:net';
import { DEFAULT_MAX_AMOUNT } from '../../common/money';
import { Flag, Integer, Invalid, OneOf, Parsed, Setting, SettingsGroup, Text } from '../setting';

export type NodeEnv = 'development' | 'production' | 'test';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** As Fastify's `trustProxy`: every hop, a number of hops, or the proxies' addresses and CIDRs. */
export type TrustProxy = boolean | number | string[];

/** Parses TRUST_PROXY; null if it is none of the forms it may take. */
export function parseTrustProxy(value: string): TrustProxy | null {
  const text = value.trim().toLowerCase();
  if (['true', 'yes'].includes(text)) return true;
  if (['false', 'no', '0', ''].includes(text)) return false;
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const addresses = text.split(',').map((a) => a.trim());
  const isAddressOrCidr = (a: string) => {
    const [address, prefix, extra] = a.split('/');
    return isIP(address) !== 0 && extra === undefined && (prefix === undefined || /^\d{1,3}$/.test(prefix));
  };
  return addresses.every(isAddressOrCidr) ? addresses : null;
}

@SettingsGroup({
  title: 'Server',
  description: 'The mode Tally runs in, where the HTTP API listens, what it logs, and limits every request shares.',
})
export class ServerSettings {
  @Setting({
    env: 'NODE_ENV',
    default: 'development',
    description:
      '`production` requires a strong OPERATOR_API_KEY and SECRETS_ENCRYPTION_KEYS, refuses the sandbox bank ' +
      'unless ALLOW_SANDBOX_BANK is set, and accepts only https webhook URLs.',
  })
  @OneOf(['development', 'production', 'test'])
  nodeEnv!: NodeEnv;

  @Setting({
    env: 'HOST',
    default: '0.0.0.0',
    developmentDefault: '127.0.0.1',
    description:
      'The address the HTTP API listens on. Outside production it listens on loopback only, because the development ' +
      'operator key is public and loopback webhooks are allowed there: set `0.0.0.0` to open it to the network. ' +
      'Production listens on every interface, as containers need.',
  })
  @Text()
  host!: string;

  @Setting({ env: 'PORT', default: 3000, description: 'The port the HTTP API listens on.' })
  @Integer({ min: 0, max: 65535 })
  port!: number;

  @Setting({
    env: 'LOG_LEVEL',
    default: 'info',
    description: 'The least severe log level written (pino levels), or `silent`.',
  })
  @OneOf(LOG_LEVELS)
  logLevel!: LogLevel;

  @Setting({
    env: 'TRUST_PROXY',
    default: 'false',
    description:
      'Behind reverse proxies, which X-Forwarded-For hops to believe for client addresses (rate limits, logs): ' +
      'the number of proxies (`1`), their addresses or CIDRs (`10.0.0.0/8,127.0.0.1`), or `true` (every hop: ' +
      'only behind a proxy that overwrites the header, else clients choose their address).',
  })
  @Parsed('`false`, `true`, a number of proxies, or addresses and CIDRs', (text) =>
    text.length > 1_000
      ? new Invalid('must be shorter than or equal to 1000 characters')
      : (parseTrustProxy(text) ??
        new Invalid('must be true, false, a number of proxies, or comma-separated proxy addresses or CIDRs')),
  )
  trustProxy!: TrustProxy;

  @Setting({
    env: 'DEMO_SEED',
    default: true,
    description:
      'Development only: on the first `npm start` (no demo set recorded in TALLY_LOCAL_DIR), the launcher creates a ' +
      'demo merchant and two customers through the API and prints their keys, and prints them again at later starts. ' +
      '`false`: the launcher neither makes nor prints a demo set; `npm run seed` still works.',
  })
  @Flag()
  demoSeed!: boolean;

  @Setting({
    env: 'MAX_AMOUNT',
    default: DEFAULT_MAX_AMOUNT,
    description: 'The largest amount, in minor units, that any request may name.',
  })
  @Integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
  maxAmount!: number;

  @Setting({
    env: 'IDEMPOTENCY_KEY_TTL_HOURS',
    default: 24,
    description: 'Idempotency keys are kept at least this long; 24 hours is the least allowed.',
  })
  @Integer({ min: 24, max: 24 * 30 })
  idempotencyKeyTtlHours!: number;
}
