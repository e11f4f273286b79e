// Applies prisma/migrations without Prisma's native schema engine.
//
// Our build machines cannot download the schema engine, so `prisma migrate
// deploy` cannot run there. This does what deploy does, in the same records:
// the `_prisma_migrations` table with Prisma's own DDL, one row per applied
// migration with the SHA-256 checksum of its migration.sql, and Prisma's
// advisory lock so that two migrators never interleave. A machine that does
// have the engine sees these migrations as applied and can take over with
// `prisma migrate deploy`.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SCHEMA as QUEUE_SCHEMA, runMigrations as runQueueMigrations } from 'bullmq';
import pg from 'pg';

/** Prisma's migration lock id (schema-engine's ADVISORY_LOCK_TIMEOUT key). */
const PRISMA_ADVISORY_LOCK_ID = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  createdDatabase: boolean;
  applied: string[];
  alreadyApplied: string[];
}

/** Prisma's checksum: SHA-256 of the script, lowercase hex. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
    files.push({ name, sql, checksum: migrationChecksum(sql) });
  }
  return files;
}

/** Creates the database named in `databaseUrl` if it does not exist. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const dbName = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!dbName) throw new Error('DATABASE_URL names no database');
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (found.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
    } catch (error) {
      // Another migrator created it between our check and our CREATE.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await admin.end();
  }
}

export async function migrate(
  databaseUrl: string,
  migrationsDir: string,
  log: (line: string) => void = () => undefined,
): Promise<MigrateResult> {
  const createdDatabase = await ensureDatabase(databaseUrl);
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrateResult = { createdDatabase, applied: [], alreadyApplied: [] };
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_ID]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');

    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(
        `migration ${failed.migration_name} failed earlier and was not resolved; ` +
          'fix the database, then mark it rolled back (prisma migrate resolve)',
      );
    }
    const applied = new Map(rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]));
    for (const migration of migrations) {
      const appliedChecksum = applied.get(migration.name);
      if (appliedChecksum !== undefined) {
        // A changed migration after it ran means the database and the files
        // disagree about the schema: refuse rather than guess.
        if (appliedChecksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.name} was modified after it was applied ` +
              `(database checksum ${appliedChecksum}, file ${migration.checksum})`,
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      const id = randomUUID();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 0)`,
          [id, migration.checksum, migration.name],
        );
        await client.query(migration.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      log(`applied ${migration.name}`);
      result.applied.push(migration.name);
    }
    await migrateQueueSchema(client);
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_ID]);
    return result;
  } finally {
    await client.end();
  }
}

/**
 * BullMQ's PostgreSQL backend keeps its tables in schema `bullmq`, versioned
 * by BullMQ itself (its own migration table, its own advisory lock). They are
 * created here, with the app's tables, whatever QUEUE_BACKEND is: migrations
 * are a deploy step, so the processes never run DDL at start (they check the
 * schema's version and refuse to start on one that is missing or too new),
 * and switching a system to PostgreSQL queues needs no migration of its own.
 * BullMQ's statements run in one transaction on `client`; an upgrade of
 * bullmq that brings new queue migrations applies them here.
 */
async function migrateQueueSchema(client: pg.Client): Promise<void> {
  await runQueueMigrations(client, QUEUE_SCHEMA);
}
