import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { connect, createServer } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../config/configuration';
import { PrismaService } from '../database/prisma.service';
import { FailureLog, isConnectionError, OutageLog, RepeatedErrorLog } from './outage-log';

/** A port nothing listens on (it was free a moment ago). */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The server of the run's DATABASE_URL (test/support/global-setup.cjs), its always-present database. */
function serverUrl(): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  return url.toString();
}

const errorOf = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('isConnectionError', () => {
  it('recognises the errors of connections that cannot be made or were lost', async () => {
    const port = await unusedPort();
    const refused = await new Promise<Error>((resolve) => connect(port, '127.0.0.1').once('error', resolve));
    const pgRefused = await errorOf(() => new pg.Client({ host: '127.0.0.1', port }).connect());
    const redis = new Redis(port, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const notWritable = await errorOf(() => redis.get('x'));
    redis.disconnect();
    const closed = await errorOf(() => redis.get('x'));

    // A session PostgreSQL terminates (as at a shutdown or failover).
    const victim = new pg.Client({ connectionString: serverUrl() });
    const killer = new pg.Client({ connectionString: serverUrl() });
    await Promise.all([victim.connect(), killer.connect()]);
    const terminated = new Promise<Error>((resolve) => victim.on('error', resolve));
    await killer.query('SELECT pg_terminate_backend($1)', [
      (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid,
    ]);
    const lost = await errorOf(() => victim.query('SELECT 1'));
    await killer.end();

    // Prisma over the pg adapter keeps no socket error: P1001, or P2010 from a raw query.
    const prisma = new PrismaService(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: `postgresql://x@127.0.0.1:${port}/x` }),
    );
    const prismaRefused = await errorOf(() => prisma.$transaction(async (tx) => tx.$queryRaw`SELECT 1`));
    const prismaRawRefused = await errorOf(() => prisma.$queryRaw`SELECT 1`);
    await prisma.onApplicationShutdown();
    expect([prismaRefused, prismaRawRefused]).toMatchObject([{ code: 'P1001' }, { code: 'P2010' }]);

    const wrapped = new Error('could not fetch the next job', { cause: refused });
    for (const error of [
      refused,
      pgRefused,
      notWritable,
      closed,
      await terminated,
      lost,
      prismaRefused,
      prismaRawRefused,
      wrapped,
    ]) {
      expect([String(error), isConnectionError(error)]).toEqual([String(error), true]);
    }
  });

  it('leaves every other error to be logged as a fault of its own', async () => {
    const client = new pg.Client({ connectionString: serverUrl() });
    await client.connect();
    const divisionByZero = await errorOf(() => client.query('SELECT 1 / 0'));
    const syntax = await errorOf(() => client.query('SELEC 1'));
    await client.end();
    const typeError = await errorOf(async () => (undefined as unknown as { x: () => void }).x());
    for (const error of [
      divisionByZero,
      syntax,
      typeError,
      new Error('Missing lock for job 42. moveToFinished'),
      new Error('OOM command not allowed when used memory > maxmemory.'),
      'ECONNREFUSED',
      undefined,
    ]) {
      expect([String(error), isConnectionError(error)]).toEqual([String(error), false]);
    }
  });
});

describe('RepeatedErrorLog', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    return { lines, logger: { error: (line: Record<string, unknown>) => lines.push(line) } };
  };

  it('logs each distinct error, and a repeat (numbers aside) once per interval with how many it hid', async () => {
    const { lines, logger } = capture();
    const log = new RepeatedErrorLog(logger, 200);
    log.error('Missing lock for job 1', { queue: 'q' });
    log.error('Missing lock for job 2', { queue: 'q' });
    log.error('Missing lock for job 3', { queue: 'q' });
    log.error('something else');
    expect(lines.map((line) => line.msg)).toEqual(['Missing lock for job 1', 'something else']);
    expect(lines[0].queue).toBe('q');
    await new Promise((resolve) => setTimeout(resolve, 250));
    log.error('Missing lock for job 4');
    expect(lines[2]).toEqual({ msg: 'Missing lock for job 4 (2 more like it since the last line)', repeats: 2 });
  });

  it('remembers a bounded number of messages', () => {
    const { lines, logger } = capture();
    const log = new RepeatedErrorLog(logger, 60_000, 2);
    for (const message of ['a', 'b', 'c', 'a']) log.error(message);
    // 'a' was forgotten when 'c' came, so it is logged again.
    expect(lines.map((line) => line.msg)).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('OutageLog', () => {
  it('warns once when a group starts failing and logs once when it recovers', () => {
    const warned: unknown[] = [];
    const logged: unknown[] = [];
    const outage = new OutageLog('queue workers', {
      warn: (line) => warned.push(line),
      log: (line) => logged.push(line),
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    outage.failed(refused);
    outage.failed(refused);
    outage.recovered();
    outage.recovered();
    expect(warned).toEqual([
      expect.objectContaining({
        msg: 'queue workers unavailable, retrying: connect ECONNREFUSED 127.0.0.1:6379',
        code: 'ECONNREFUSED',
      }),
    ]);
    expect(logged).toEqual([expect.objectContaining({ failures: 2, group: 'queue workers' })]);
  });
});

describe('FailureLog', () => {
  it('makes connection failures one outage and logs every other error as a fault of its own', () => {
    const lines: { level: string; line: Record<string, unknown> }[] = [];
    const push = (level: string) => (line: Record<string, unknown>) => lines.push({ level, line });
    const failures = new FailureLog('outbox relay', { warn: push('warn'), log: push('log'), error: push('error') });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 5; i++) failures.failed(refused, 'outbox relay failed');
    failures.failed(new Error('column "x" does not exist'), 'outbox relay failed');
    failures.failed(new Error('column "x" does not exist'), 'outbox relay failed');
    failures.succeeded();
    failures.succeeded();
    expect(lines.map(({ level, line }) => [level, line.msg])).toEqual([
      ['warn', 'outbox relay unavailable, retrying: connect ECONNREFUSED 127.0.0.1:5432'],
      ['error', 'outbox relay failed: column "x" does not exist'],
      ['log', expect.stringMatching(/^outbox relay available again after 0 s \(5 failed attempts\)$/)],
    ]);
    expect(lines[1].line.stack).toEqual(expect.stringContaining('column "x" does not exist'));
  });
});
