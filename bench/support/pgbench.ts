// Shared by the benchmarks: databases on the local PostgreSQL, percentiles,
// checkpoints, and pgbench's tpcb-like workload as the common baseline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '../../src/config/configuration';

export const SECONDS = Number(process.env.BENCH_SECONDS || 20);
export const CLIENTS = 16;
/**
 * The numbers of concurrent HTTP clients the API benches measure, one run
 * each (pgbench always runs 16). With group commit a request waits for its
 * batch, so 16 clients leave the server partly idle; 64 show its throughput
 * at full load. pgbench itself makes fewer transactions at 64 clients than at
 * 16 (about 4,000 against 4,800 tps measured), so 16 is its best case.
 */
export const HTTP_CLIENTS: readonly number[] = (process.env.BENCH_HTTP_CLIENTS || '16,64')
  .split(',')
  .map((n) => Number(n.trim()));
const baseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

export function benchHost(): string {
  return new URL(baseUrl).host;
}

export interface Result {
  name: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function databaseUrl(name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function pgbenchTpcb(): Promise<Result> {
  const name = 'tally_bench_pgbench';
  await recreateDatabase(name);
  const url = new URL(databaseUrl(name));
  const connection = [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username) || 'postgres',
  ];
  execFileSync('pgbench', [...connection, '-i', '-s', '16', '-q', name], { stdio: 'ignore' });
  await checkpoint();
  const logDir = mkdtempSync(join(tmpdir(), 'tally-pgbench-'));
  try {
    const output = execFileSync(
      'pgbench',
      [
        ...connection,
        '-c',
        String(CLIENTS),
        '-j',
        '2',
        '-T',
        String(SECONDS),
        '-b',
        'tpcb-like',
        '-l',
        '--log-prefix',
        join(logDir, 'tx'),
        name,
      ],
      { cwd: logDir, encoding: 'utf8' },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
    // Per-transaction log lines: client, transaction, latency in microseconds, ...
    const latencies = readdirSync(logDir)
      .flatMap((file) => readFileSync(join(logDir, file), 'utf8').trim().split('\n'))
      .map((line) => Number(line.split(' ')[2]) / 1000)
      .sort((a, b) => a - b);
    return {
      name: '(a) pgbench tpcb-like, 16 clients',
      perSecond: tps,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * Each case starts after a checkpoint, so that none pays for the dirty pages
 * of the one before (pgbench's initialisation writes about 250 MB).
 */
export async function checkpoint(): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  await admin.query('CHECKPOINT');
  await admin.end();
}
