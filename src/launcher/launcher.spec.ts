import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ENV_EXAMPLE_PATH } from '../config/config-docs';
import { loadConfig } from '../config/configuration';
import { resolveQueueBackend } from '../queues/queue-backend';
import { chooseDatabase, withoutPassword } from './launcher';

// The database rule of `npm start`, for every case that does not start an
// embedded PostgreSQL (test/zero-setup.spec.ts covers that one end to end),
// and the warning of one started in production.
describe('chooseDatabase', () => {
  let listening: Server;
  let answering: string;
  let silent: string;
  const said: string[] = [];
  const choose = (env: Record<string, string | undefined>) =>
    chooseDatabase(loadConfig(env), env, (line) => said.push(line));

  beforeAll(async () => {
    // Something that accepts connections, as a PostgreSQL at the default address would.
    listening = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    answering = `postgresql://postgres@127.0.0.1:${(listening.address() as { port: number }).port}/tally`;
    // A port nobody listens on: take one, then free it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    silent = `postgresql://postgres@127.0.0.1:${(probe.address() as { port: number }).port}/tally`;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(() => new Promise((resolve) => listening.close(resolve)));

  it('takes DATABASE_URL when it is set, whatever answers at the default', async () => {
    const url = 'postgresql://app:secret@db.internal:5433/payments';
    expect(await choose({ DATABASE_URL: url, DEFAULT_DATABASE_URL: silent })).toEqual({ url, how: 'configured' });
  });

  it('takes the default address when something answers there', async () => {
    expect(await choose({ DEFAULT_DATABASE_URL: answering })).toEqual({ url: answering, how: 'default' });
  });

  const production = () => ({
    NODE_ENV: 'production',
    OPERATOR_API_KEY: randomBytes(32).toString('base64'),
    ALLOW_SANDBOX_BANK: 'true',
    SECRETS_ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 7).toString('base64')}`,
    DEFAULT_DATABASE_URL: silent,
  });

  it('never starts an embedded PostgreSQL in production, nor with EMBEDDED_POSTGRES=never', async () => {
    expect(await choose(production())).toEqual({ url: silent, how: 'default' });
    expect(await choose({ EMBEDDED_POSTGRES: 'never', DEFAULT_DATABASE_URL: silent })).toEqual({
      url: silent,
      how: 'default',
    });
    expect(said).toEqual([]);
  });

  it('warns loudly, before starting it, when EMBEDDED_POSTGRES=always runs one in production', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tally-launcher-'));
    // As root the embedded PostgreSQL runs as the user postgres, which must reach the directory inside.
    chmodSync(home, 0o755);
    const port = new URL(silent).port;
    const env = { ...production(), EMBEDDED_POSTGRES: 'always', TALLY_LOCAL_DIR: home, EMBEDDED_POSTGRES_PORT: port };
    const lines: string[] = [];
    // Under Jest the binaries' package (ESM) may not load, and the start then fails: the warning comes first either way.
    const chosen = await chooseDatabase(loadConfig(env), env, (line) => lines.push(line)).catch(
      (error: Error) => error,
    );
    try {
      expect(lines[0]).toMatch(
        /^WARNING: EMBEDDED_POSTGRES=always in production: Tally's data lives in .* on this machine only/,
      );
    } finally {
      if (!(chosen instanceof Error)) await chosen.embedded?.stop();
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('with a .env copied from .env.example as it is, still decides the database and the queues at start', async () => {
    // What the launcher's main.ts does with a .env: its variables, under those of the environment.
    const copied = parseEnv(readFileSync(join(__dirname, '..', '..', ENV_EXAMPLE_PATH), 'utf8'));
    const silentRedis = `redis://127.0.0.1:${new URL(silent).port}`;
    const env = { ...copied, DEFAULT_DATABASE_URL: answering, DEFAULT_REDIS_URL: silentRedis };
    // Not `configured`: the PostgreSQL answering at the default address is found (and with none, an embedded one).
    expect(await choose(env)).toEqual({ url: answering, how: 'default' });
    // No Redis answering and none configured: the queues go to PostgreSQL.
    expect(await resolveQueueBackend(env)).toEqual({
      backend: 'postgres',
      reason: `no REDIS_URL and nothing answers at ${silentRedis}`,
    });
  });

  it('shows URLs without their password', () => {
    expect(withoutPassword('postgresql://postgres:s3cret@127.0.0.1:54329/tally')).toBe(
      'postgresql://postgres@127.0.0.1:54329/tally',
    );
  });
});
