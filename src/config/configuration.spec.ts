import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigurationError, DEFAULT_DATABASE_URL, DEVELOPMENT_OPERATOR_API_KEY, loadConfig } from './configuration';

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
    const strong = 'q3Jx8vN2pL7wK9sD4fG6hT1yU5iO0aZcXbVmRnEe';
    expect(
      loadConfig({ NODE_ENV: 'production', OPERATOR_API_KEY: strong, ALLOW_SANDBOX_BANK: 'true' }).operatorApiKey,
    ).toBe(strong);
  });

  it('refuses the sandbox bank in production unless it is allowed explicitly', () => {
    const strong = 'q3Jx8vN2pL7wK9sD4fG6hT1yU5iO0aZcXbVmRnEe';
    expect(() => loadConfig({ NODE_ENV: 'production', OPERATOR_API_KEY: strong })).toThrow(
      /BANK_CONNECTOR: the sandbox bank/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', OPERATOR_API_KEY: strong, ALLOW_SANDBOX_BANK: 'true' }).bankConnector,
    ).toBe('sandbox');
    expect(loadConfig({}).bankConnector).toBe('sandbox');
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
