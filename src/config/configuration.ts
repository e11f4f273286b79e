// Typed configuration, read from the environment and validated at boot: a bad
// value stops the process with a message naming the variable. Every variable
// has a default that works against the local services, except that
// production refuses to run on the development operator key.
import { plainToInstance, Transform } from 'class-transformer';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { type MasterKey, parseMasterKeys } from '../common/secret-box';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tally';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no', ''].includes(value.toLowerCase())) return false;
  return value;
};

function isUrlWithProtocol(value: unknown, protocols: string[]): boolean {
  if (typeof value !== 'string') return false;
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The raw environment, as class-validator checks it. */
class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @IsString()
  REDIS_URL: string = DEFAULT_REDIS_URL;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(512)
  OPERATOR_API_KEY?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Prefix of every BullMQ key in Redis; tests give each suite its own. */
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX: string = 'tally';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  /** Server-side prepared statements on the money paths; false behind a transaction-mode pooler (PgBouncer). */
  @Transform(toBool)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS: boolean = true;

  /** Requests one principal (or one client address, on public routes) may make per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REQUESTS: number = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS: number = 1;

  /**
   * Failed authentications (missing, malformed, unknown, expired or revoked
   * credentials, wrong passwords at /admin/queues) one client address may
   * make per window; then its requests are refused with 429 before any
   * credential is looked up.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_AUTH_FAILURES: number = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS: number = 60;

  /** Idempotency keys are kept at least this long (PRODUCT.md: 24 hours minimum). */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  @Max(24 * 30)
  IDEMPOTENCY_KEY_TTL_HOURS: number = 24;

  /** Default lifetime of a customer access token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(90 * 24 * 3600)
  CUSTOMER_TOKEN_TTL_SECONDS: number = 24 * 3600;

  /** Largest amount, in minor units, that any request may name. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  MAX_AMOUNT: number = 100_000_000_000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS: number = 250;

  /** An outbox row handed to BullMQ but not processed after this long is handed over again. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  OUTBOX_REDISPATCH_AFTER_SECONDS: number = 60;

  /**
   * Ledger postings made outside a caller's transaction are coalesced into
   * batches (group commit); at most this many batches are in flight at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  LEDGER_MAX_CONCURRENT_BATCHES: number = 4;

  /** Batches in flight per group-committed route and API process (wallet transfers, payment intent creation and confirmation). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  GROUP_COMMIT_CONCURRENT_BATCHES: number = 2;

  /** How often the worker voids pending ledger transfers past their timeout. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600)
  LEDGER_EXPIRY_SWEEP_SECONDS: number = 30;

  /** A manual-capture payment's hold is voided and the intent canceled if not captured within this. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30 * 86_400)
  PAYMENT_AUTHORIZATION_WINDOW_SECONDS: number = 7 * 86_400;

  /** The bank connector; `sandbox` is the only one built in. */
  @IsIn(['sandbox'])
  BANK_CONNECTOR = 'sandbox' as const;

  /**
   * The sandbox bank moves no real money. In production it runs only when
   * this says so explicitly (a staging system), never by default.
   */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_SANDBOX_BANK: boolean = false;

  /** How long each call to the sandbox bank takes, to behave asynchronously like a bank. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  SANDBOX_BANK_LATENCY_MS: number = 50;

  /** How often the worker settles payments whose settlement delay has passed (a sweeper beside the delayed jobs). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600)
  SETTLEMENT_SWEEP_SECONDS: number = 60;

  /**
   * Wallet limits per KYC tier, in minor units of each currency:
   * "per_transaction=<n>,daily=<n>,max_balance=<n>". The defaults follow
   * China's Class III / II / I accounts (see walletTierLimits below).
   */
  @IsString()
  WALLET_LIMITS_TIER_1: string = 'per_transaction=200000,daily=200000,max_balance=200000';

  @IsString()
  WALLET_LIMITS_TIER_2: string = 'per_transaction=1000000,daily=1000000,max_balance=20000000';

  @IsString()
  WALLET_LIMITS_TIER_3: string = 'per_transaction=5000000,daily=20000000,max_balance=100000000';

  /** The time zone whose calendar day the daily limits count (IANA name). */
  @IsString()
  WALLET_LIMITS_TIME_ZONE: string = 'Asia/Shanghai';

  /** Seconds to wait after each failed webhook attempt; one more attempt than delays in all. */
  @IsString()
  WEBHOOK_RETRY_SCHEDULE_SECONDS: string = '5,300,1800,7200,18000,36000,36000,86400';

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 15_000;

  /**
   * How long a webhook attempt may take to open its connection (DNS, TCP and
   * the TLS handshake), within WEBHOOK_TIMEOUT_MS: a receiver that cannot be
   * reached frees its worker slot early.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_CONNECT_TIMEOUT_MS: number = 5_000;

  /** An endpoint whose attempts have all failed for this long is disabled. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  WEBHOOK_DISABLE_AFTER_HOURS: number = 120;

  /** Lets webhooks reach loopback addresses (tests, local development); private and metadata addresses stay refused. */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_LOOPBACK: boolean = false;

  /**
   * Deliveries in flight per worker process. High, because a delivery is
   * mostly waiting on the partner, and concurrent deliveries share their
   * database statements.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  WEBHOOK_CONCURRENCY: number = 200;

  /**
   * Deliveries of one owner (a merchant, or the platform) in flight at once,
   * across all workers: the most slots one owner's slow or hanging receivers
   * can hold, whatever it has queued. A quarter of the default concurrency.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  WEBHOOK_MAX_IN_FLIGHT_PER_OWNER: number = 50;

  /** A delivery handed to the queue is handed again after this if its job was lost (a Redis flush). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600)
  WEBHOOK_LEASE_SECONDS: number = 60;

  /** How often the worker looks for deliveries that are due. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  WEBHOOK_DISPATCH_INTERVAL_MS: number = 200;

  /** Events (and their deliveries) are kept at least this long, then pruned. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3_650)
  EVENT_RETENTION_DAYS: number = 30;

  /** Distinct phone numbers a customer may send to (or try) per day; see RecipientLookups. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  WALLET_RECIPIENT_LOOKUPS_PER_DAY: number = 30;

  /**
   * Behind reverse proxies: which hops of X-Forwarded-For to believe. `false`
   * (none), a number of proxies (`1`), their addresses or CIDRs
   * (`10.0.0.0/8,127.0.0.1`), or `true` (every hop: only behind a proxy that
   * overwrites the header).
   */
  @IsString()
  @MaxLength(1_000)
  TRUST_PROXY: string = 'false';

  /**
   * Master keys that seal secrets at rest (webhook signing secrets, responses
   * that carried a new secret): `<id>:<base64 of 32 random bytes>`, comma-
   * separated, the first one sealing. Required in production.
   */
  @IsOptional()
  @IsString()
  @MaxLength(4_096)
  SECRETS_ENCRYPTION_KEYS?: string;
}

export interface AppConfigValues {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  redisUrl: string;
  port: number;
  host: string;
  operatorApiKey: string;
  logLevel: LogLevel;
  queuePrefix: string;
  databasePoolSize: number;
  databasePreparedStatements: boolean;
  rateLimitRequests: number;
  rateLimitWindowSeconds: number;
  rateLimitAuthFailures: number;
  rateLimitAuthFailureWindowSeconds: number;
  idempotencyKeyTtlHours: number;
  customerTokenTtlSeconds: number;
  maxAmount: number;
  outboxPollIntervalMs: number;
  outboxRedispatchAfterSeconds: number;
  ledgerMaxConcurrentBatches: number;
  groupCommitConcurrentBatches: number;
  ledgerExpirySweepSeconds: number;
  paymentAuthorizationWindowSeconds: number;
  bankConnector: 'sandbox';
  sandboxBankLatencyMs: number;
  settlementSweepSeconds: number;
  trustProxy: TrustProxy;
  walletTierLimits: Record<KycTier, WalletTierLimits>;
  walletLimitsTimeZone: string;
  walletRecipientLookupsPerDay: number;
  webhookRetryScheduleSeconds: number[];
  webhookTimeoutMs: number;
  webhookConnectTimeoutMs: number;
  webhookDisableAfterHours: number;
  webhookAllowLoopback: boolean;
  webhookConcurrency: number;
  webhookMaxInFlightPerOwner: number;
  webhookLeaseSeconds: number;
  webhookDispatchIntervalMs: number;
  eventRetentionDays: number;
  secretsEncryptionKeys: MasterKey[];
}

export type KycTier = 1 | 2 | 3;

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

/** What a wallet of one KYC tier may do, in minor units of each currency. */
export interface WalletTierLimits {
  /** Largest single outgoing movement (transfer, withdrawal, payment). */
  perTransaction: bigint;
  /** Most that may go out per calendar day and currency. */
  daily: bigint;
  /** Most the wallet may hold per currency (pending top-ups count). */
  maxBalance: bigint;
}

/** Parses "per_transaction=<n>,daily=<n>,max_balance=<n>"; null if malformed. */
export function parseWalletTierLimits(value: string): WalletTierLimits | null {
  const fields = new Map<string, bigint>();
  for (const part of value.split(',')) {
    const match = /^\s*(per_transaction|daily|max_balance)\s*=\s*(\d{1,18})\s*$/.exec(part);
    if (!match || fields.has(match[1])) return null;
    fields.set(match[1], BigInt(match[2]));
  }
  const perTransaction = fields.get('per_transaction');
  const daily = fields.get('daily');
  const maxBalance = fields.get('max_balance');
  if (perTransaction === undefined || daily === undefined || maxBalance === undefined) return null;
  if (perTransaction <= 0n || daily <= 0n || maxBalance <= 0n) return null;
  return { perTransaction, daily, maxBalance };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Injected everywhere configuration is needed; built once by loadConfig. */
export class AppConfig implements AppConfigValues {
  nodeEnv!: 'development' | 'production' | 'test';
  databaseUrl!: string;
  redisUrl!: string;
  port!: number;
  host!: string;
  operatorApiKey!: string;
  logLevel!: LogLevel;
  queuePrefix!: string;
  databasePoolSize!: number;
  databasePreparedStatements!: boolean;
  rateLimitRequests!: number;
  rateLimitWindowSeconds!: number;
  rateLimitAuthFailures!: number;
  rateLimitAuthFailureWindowSeconds!: number;
  idempotencyKeyTtlHours!: number;
  customerTokenTtlSeconds!: number;
  maxAmount!: number;
  outboxPollIntervalMs!: number;
  outboxRedispatchAfterSeconds!: number;
  ledgerMaxConcurrentBatches!: number;
  groupCommitConcurrentBatches!: number;
  ledgerExpirySweepSeconds!: number;
  paymentAuthorizationWindowSeconds!: number;
  bankConnector!: 'sandbox';
  sandboxBankLatencyMs!: number;
  settlementSweepSeconds!: number;
  trustProxy!: TrustProxy;
  walletTierLimits!: Record<KycTier, WalletTierLimits>;
  walletLimitsTimeZone!: string;
  walletRecipientLookupsPerDay!: number;
  webhookRetryScheduleSeconds!: number[];
  webhookTimeoutMs!: number;
  webhookConnectTimeoutMs!: number;
  webhookDisableAfterHours!: number;
  webhookAllowLoopback!: boolean;
  webhookConcurrency!: number;
  webhookMaxInFlightPerOwner!: number;
  webhookLeaseSeconds!: number;
  webhookDispatchIntervalMs!: number;
  eventRetentionDays!: number;
  secretsEncryptionKeys!: MasterKey[];

  constructor(values: AppConfigValues) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export class ConfigurationError extends Error {}

/**
 * Validates `env` (normally process.env) and returns the configuration, or
 * throws a ConfigurationError that names every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // Empty strings mean "not set", as in a .env file with `KEY=`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const vars = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const errors = validateSync(vars, { whitelist: false, forbidUnknownValues: true });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (!isUrlWithProtocol(vars.DATABASE_URL, ['postgresql:', 'postgres:'])) {
    problems.push('DATABASE_URL: must be a postgresql:// URL');
  }
  if (!isUrlWithProtocol(vars.REDIS_URL, ['redis:', 'rediss:'])) {
    problems.push('REDIS_URL: must be a redis:// or rediss:// URL');
  }
  // Keys are told apart by prefix: an operator key that looked like a merchant
  // key or a customer token could never authenticate.
  if (vars.OPERATOR_API_KEY && /^(sk_|ct_)/.test(vars.OPERATOR_API_KEY)) {
    problems.push(
      'OPERATOR_API_KEY: must not start with sk_ or ct_ (the prefixes of merchant keys and customer tokens)',
    );
  }
  if (vars.NODE_ENV === 'production') {
    const key = vars.OPERATOR_API_KEY;
    if (!key) {
      problems.push('OPERATOR_API_KEY: is required when NODE_ENV=production');
    } else if (
      key === DEVELOPMENT_OPERATOR_API_KEY ||
      key.length < MIN_PRODUCTION_OPERATOR_KEY_LENGTH ||
      new Set(key).size < 10
    ) {
      problems.push(
        `OPERATOR_API_KEY: must be a random secret of at least ${MIN_PRODUCTION_OPERATOR_KEY_LENGTH} characters ` +
          'in production (for example: openssl rand -base64 32)',
      );
    }
  }
  const masterKeys = parseMasterKeys(vars.SECRETS_ENCRYPTION_KEYS ?? DEVELOPMENT_SECRETS_ENCRYPTION_KEYS);
  if (typeof masterKeys === 'string') {
    problems.push(`SECRETS_ENCRYPTION_KEYS: ${masterKeys}`);
  } else if (vars.NODE_ENV === 'production') {
    if (!vars.SECRETS_ENCRYPTION_KEYS) {
      problems.push(
        'SECRETS_ENCRYPTION_KEYS: is required when NODE_ENV=production ' +
          '(for example: echo "k1:$(openssl rand -base64 32)")',
      );
    } else if (vars.SECRETS_ENCRYPTION_KEYS.includes(DEVELOPMENT_SECRETS_ENCRYPTION_KEYS.split(':')[1])) {
      problems.push('SECRETS_ENCRYPTION_KEYS: the development key is public and may not be used in production');
    }
  }
  if (vars.NODE_ENV === 'production' && vars.BANK_CONNECTOR === 'sandbox' && !vars.ALLOW_SANDBOX_BANK) {
    problems.push(
      'BANK_CONNECTOR: the sandbox bank moves no real money; in production set ALLOW_SANDBOX_BANK=true to run it anyway (staging)',
    );
  }
  const tierLimits = {} as Record<KycTier, WalletTierLimits>;
  for (const tier of [1, 2, 3] as const) {
    const name = `WALLET_LIMITS_TIER_${tier}` as const;
    const parsed = parseWalletTierLimits(vars[name]);
    if (parsed) tierLimits[tier] = parsed;
    else problems.push(`${name}: must be "per_transaction=<n>,daily=<n>,max_balance=<n>" with positive minor units`);
  }
  const retrySchedule = vars.WEBHOOK_RETRY_SCHEDULE_SECONDS.split(',').map((v) => Number(v.trim()));
  if (retrySchedule.length > 20 || retrySchedule.some((v) => !Number.isInteger(v) || v < 0 || v > 7 * 86_400)) {
    problems.push(
      'WEBHOOK_RETRY_SCHEDULE_SECONDS: must be up to 20 comma-separated whole seconds, each at most 7 days',
    );
  }
  if (vars.WEBHOOK_LEASE_SECONDS * 1000 <= vars.WEBHOOK_TIMEOUT_MS) {
    problems.push('WEBHOOK_LEASE_SECONDS: must be longer than WEBHOOK_TIMEOUT_MS');
  }
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY);
  if (trustProxy === null) {
    problems.push('TRUST_PROXY: must be true, false, a number of proxies, or comma-separated proxy addresses or CIDRs');
  }
  if (!isTimeZone(vars.WALLET_LIMITS_TIME_ZONE)) {
    problems.push('WALLET_LIMITS_TIME_ZONE: must be an IANA time zone such as Asia/Shanghai');
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return new AppConfig({
    nodeEnv: vars.NODE_ENV,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    port: vars.PORT,
    host: vars.HOST,
    operatorApiKey: vars.OPERATOR_API_KEY ?? DEVELOPMENT_OPERATOR_API_KEY,
    logLevel: vars.LOG_LEVEL,
    queuePrefix: vars.QUEUE_PREFIX,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    databasePreparedStatements: vars.DATABASE_PREPARED_STATEMENTS,
    rateLimitRequests: vars.RATE_LIMIT_REQUESTS,
    rateLimitWindowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS,
    rateLimitAuthFailures: vars.RATE_LIMIT_AUTH_FAILURES,
    rateLimitAuthFailureWindowSeconds: vars.RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS,
    idempotencyKeyTtlHours: vars.IDEMPOTENCY_KEY_TTL_HOURS,
    customerTokenTtlSeconds: vars.CUSTOMER_TOKEN_TTL_SECONDS,
    maxAmount: vars.MAX_AMOUNT,
    outboxPollIntervalMs: vars.OUTBOX_POLL_INTERVAL_MS,
    outboxRedispatchAfterSeconds: vars.OUTBOX_REDISPATCH_AFTER_SECONDS,
    ledgerMaxConcurrentBatches: vars.LEDGER_MAX_CONCURRENT_BATCHES,
    groupCommitConcurrentBatches: vars.GROUP_COMMIT_CONCURRENT_BATCHES,
    ledgerExpirySweepSeconds: vars.LEDGER_EXPIRY_SWEEP_SECONDS,
    paymentAuthorizationWindowSeconds: vars.PAYMENT_AUTHORIZATION_WINDOW_SECONDS,
    bankConnector: vars.BANK_CONNECTOR,
    sandboxBankLatencyMs: vars.SANDBOX_BANK_LATENCY_MS,
    settlementSweepSeconds: vars.SETTLEMENT_SWEEP_SECONDS,
    trustProxy: trustProxy as TrustProxy,
    walletTierLimits: tierLimits,
    walletLimitsTimeZone: vars.WALLET_LIMITS_TIME_ZONE,
    walletRecipientLookupsPerDay: vars.WALLET_RECIPIENT_LOOKUPS_PER_DAY,
    webhookRetryScheduleSeconds: retrySchedule,
    webhookTimeoutMs: vars.WEBHOOK_TIMEOUT_MS,
    webhookConnectTimeoutMs: vars.WEBHOOK_CONNECT_TIMEOUT_MS,
    webhookDisableAfterHours: vars.WEBHOOK_DISABLE_AFTER_HOURS,
    webhookAllowLoopback: vars.WEBHOOK_ALLOW_LOOPBACK,
    webhookConcurrency: vars.WEBHOOK_CONCURRENCY,
    webhookMaxInFlightPerOwner: vars.WEBHOOK_MAX_IN_FLIGHT_PER_OWNER,
    webhookLeaseSeconds: vars.WEBHOOK_LEASE_SECONDS,
    webhookDispatchIntervalMs: vars.WEBHOOK_DISPATCH_INTERVAL_MS,
    eventRetentionDays: vars.EVENT_RETENTION_DAYS,
    secretsEncryptionKeys: masterKeys as MasterKey[],
  });
}
