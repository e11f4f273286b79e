import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  ConfigurationError,
  DEFAULT_DATABASE_URL,
  DEVELOPMENT_OPERATOR_API_KEY,
  DEVELOPMENT_SECRETS_ENCRYPTION_KEYS,
  loadConfig,
  parseTrustProxy,
} from './configuration';

const STRONG_OPERATOR_KEY = 'q3Jx8vN2pL7wK9sD4fG6hT1yU5iO0aZcXbVmRnEe';
const SEALING_KEYS = `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`;
/** What production needs besides the variable under test. */
const PRODUCTION = {
  NODE_ENV: 'production',
  OPERATOR_API_KEY: STRONG_OPERATOR_KEY,
  SECRETS_ENCRYPTION_KEYS: SEALING_KEYS,
  ALLOW_SANDBOX_BANK: 'true',
};

describe('configuration', () => {
  it('has defaults that work against the local services', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.operatorApiKey).toBe(DEVELOPMENT_OPERATOR_API_KEY);
    expect(config.logLevel).toBe('info');
    expect(config.idempotencyKeyTtlHours).toBe(24);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' })).toThrow(ConfigurationError);
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/LOG_LEVEL/);
      expect(message).toMatch(/REDIS_URL/);
    }
    expect(() => loadConfig({ IDEMPOTENCY_KEY_TTL_HOURS: '1' })).toThrow(/IDEMPOTENCY_KEY_TTL_HOURS/);
    expect(() => loadConfig({ OPERATOR_API_KEY: 'sk_looks_like_a_merchant_key' })).toThrow(
      /OPERATOR_API_KEY: must not start/,
    );
  });

  it('refuses production without a strong operator key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/OPERATOR_API_KEY: is required/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', OPERATOR_API_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }),
    ).toThrow(/OPERATOR_API_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', OPERATOR_API_KEY: 'short-key-123456' })).toThrow(
      /OPERATOR_API_KEY/,
    );
    expect(loadConfig(PRODUCTION).operatorApiKey).toBe(STRONG_OPERATOR_KEY);
  });

  it('refuses the sandbox bank in production unless it is allowed explicitly', () => {
    expect(() => loadConfig({ ...PRODUCTION, ALLOW_SANDBOX_BANK: undefined })).toThrow(
      /BANK_CONNECTOR: the sandbox bank/,
    );
    expect(loadConfig(PRODUCTION).bankConnector).toBe('sandbox');
    expect(loadConfig({}).bankConnector).toBe('sandbox');
  });

  it('seals secrets with the first of SECRETS_ENCRYPTION_KEYS, required in production and never the development key', () => {
    expect(loadConfig({}).secretsEncryptionKeys.map((k) => k.id)).toEqual(['dev']);
    expect(loadConfig(PRODUCTION).secretsEncryptionKeys.map((k) => [k.id, k.key.length])).toEqual([
      ['k2', 32],
      ['k1', 32],
    ]);
    expect(() => loadConfig({ ...PRODUCTION, SECRETS_ENCRYPTION_KEYS: undefined })).toThrow(
      /SECRETS_ENCRYPTION_KEYS: is required/,
    );
    expect(() => loadConfig({ ...PRODUCTION, SECRETS_ENCRYPTION_KEYS: DEVELOPMENT_SECRETS_ENCRYPTION_KEYS })).toThrow(
      /SECRETS_ENCRYPTION_KEYS: the development key/,
    );
    expect(() => loadConfig({ SECRETS_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/key k1 must be 32 bytes/);
    expect(() => loadConfig({ SECRETS_ENCRYPTION_KEYS: 'no-colon' })).toThrow(/SECRETS_ENCRYPTION_KEYS: must be/);
  });

  it('reads TRUST_PROXY as every hop, none, a number of proxies, or their addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1,::1')).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(parseTrustProxy('proxy.internal')).toBeNull();
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/8/1' })).toThrow(/TRUST_PROXY: must be/);
  });

  it('reads numbers, booleans, lists and wallet limits into their types', () => {
    const config = loadConfig({
      PORT: ' 8080 ',
      DATABASE_PREPARED_STATEMENTS: 'no',
      WEBHOOK_ALLOW_LOOPBACK: '1',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '1, 2 ,3',
      WALLET_LIMITS_TIER_2: 'daily=5,max_balance=6,per_transaction=4',
    });
    expect(config.port).toBe(8080);
    expect(config.databasePreparedStatements).toBe(false);
    expect(config.webhookAllowLoopback).toBe(true);
    expect(config.webhookRetryScheduleSeconds).toEqual([1, 2, 3]);
    expect(config.walletTierLimits[2]).toEqual({ perTransaction: 4n, daily: 5n, maxBalance: 6n });
    expect(config.walletTierLimits[1]).toEqual({ perTransaction: 200_000n, daily: 200_000n, maxBalance: 200_000n });
    expect(config.isProduction).toBe(false);
  });

  it('lets webhooks use loopback by default outside production only', () => {
    expect(loadConfig({}).webhookAllowLoopback).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).webhookAllowLoopback).toBe(true);
    expect(loadConfig({ ...PRODUCTION }).webhookAllowLoopback).toBe(false);
    expect(loadConfig({ ...PRODUCTION, WEBHOOK_ALLOW_LOOPBACK: 'true' }).webhookAllowLoopback).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', WEBHOOK_ALLOW_LOOPBACK: 'false' }).webhookAllowLoopback).toBe(false);
  });

  it('listens on loopback by default outside production only', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...PRODUCTION }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...PRODUCTION, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('names the variable of each bad value, with what it must be', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message
          .split('\n')
          .slice(1)
          .map((line) => line.trim());
      }
      return [];
    };
    expect(problems({ PORT: '70000', DATABASE_URL: 'mysql://db' })).toEqual([
      'PORT: PORT must not be greater than 65535',
      'DATABASE_URL: must be a postgresql:// URL',
    ]);
    expect(problems({ WEBHOOK_LEASE_SECONDS: '10' })).toEqual([
      'WEBHOOK_LEASE_SECONDS: must be longer than WEBHOOK_TIMEOUT_MS',
    ]);
    expect(problems({ WEBHOOK_RETRY_SCHEDULE_SECONDS: '1,x' })).toEqual([
      'WEBHOOK_RETRY_SCHEDULE_SECONDS: must be up to 20 comma-separated whole seconds, each at most 7 days',
    ]);
    expect(problems({ WALLET_LIMITS_TIME_ZONE: 'Mars/Base' })).toEqual([
      'WALLET_LIMITS_TIME_ZONE: must be an IANA time zone such as Asia/Shanghai',
    ]);
    // The development key is refused whatever id it is given.
    const developmentKey = DEVELOPMENT_SECRETS_ENCRYPTION_KEYS.replace(/^dev:/, 'k9:');
    expect(problems({ ...PRODUCTION, SECRETS_ENCRYPTION_KEYS: `${SEALING_KEYS},${developmentKey}` })).toEqual([
      'SECRETS_ENCRYPTION_KEYS: the development key is public and may not be used in production',
    ]);
  });

  it('stops the API process at boot with a message naming the variable', () => {
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, '..', 'main.ts')],
      { env: { PATH: process.env.PATH, NODE_ENV: 'production' }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(78);
    expect(result.stderr).toMatch(/OPERATOR_API_KEY/);
  });
});
