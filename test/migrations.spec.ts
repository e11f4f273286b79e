// The migrator records migrations exactly as Prisma does, and the migrated
// database matches schema.prisma (so a hand-written migration that drifts
// from the schema fails here).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_DATABASE_URL } from '../src/config/configuration';
import { migrate, readMigrations } from '../src/database/migrator';
import { MIGRATIONS_DIR } from './support/test-env';
import { parsePrismaSchema } from './support/prisma-schema';

const base = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const dbName = `tally_test_migr_${randomBytes(4).toString('hex')}`;
const url = new URL(base);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
let client: pg.Client;

async function adminQuery(sql: string) {
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}"`);
});

afterAll(async () => {
  await client?.end();
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
});

describe('npm run db:migrate (src/database/migrator.ts)', () => {
  it('creates the database, applies every migration and records it as Prisma does', async () => {
    const result = await migrate(databaseUrl, MIGRATIONS_DIR);
    const files = await readMigrations(MIGRATIONS_DIR);
    expect(result.createdDatabase).toBe(true);
    expect(result.applied).toEqual(files.map((f) => f.name));

    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at, logs FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const sql = readFileSync(join(MIGRATIONS_DIR, files[i].name, 'migration.sql'));
      expect(row.migration_name).toBe(files[i].name);
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
    const columns = await client.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.rows.map((c) => `${c.column_name}:${c.data_type}:${c.is_nullable}`)).toEqual([
      'id:character varying:NO',
      'checksum:character varying:NO',
      'finished_at:timestamp with time zone:YES',
      'migration_name:character varying:NO',
      'logs:text:YES',
      'rolled_back_at:timestamp with time zone:YES',
      'started_at:timestamp with time zone:NO',
      'applied_steps_count:integer:NO',
    ]);
  });

  it('applies nothing the second time', async () => {
    const result = await migrate(databaseUrl, MIGRATIONS_DIR);
    expect(result.createdDatabase).toBe(false);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied.length).toBeGreaterThan(0);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await readMigrations(dir);
    writeFileSync(join(dir, first.name, 'migration.sql'), `${first.sql}\n-- edited\n`);
    await expect(migrate(databaseUrl, dir)).rejects.toThrow(/modified after it was applied/);
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '29991231000000_broken'));
    writeFileSync(
      join(dir, '29991231000000_broken', 'migration.sql'),
      'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n',
    );
    await expect(migrate(databaseUrl, dir)).rejects.toThrow(/29991231000000_broken failed/);
    const table = await client.query(`SELECT to_regclass('half_done') AS t`);
    expect(table.rows[0].t).toBeNull();
    const rows = await client.query(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '29991231000000_broken'`);
    expect(rows.rowCount).toBe(0);
  });
});

describe('schema.prisma and the migrated database agree', () => {
  const schema = parsePrismaSchema(readFileSync(join(__dirname, '..', 'prisma', 'schema.prisma'), 'utf8'));

  it('parses the schema (guards the parser itself)', () => {
    expect(schema.models.length).toBeGreaterThanOrEqual(7);
    const merchant = schema.models.find((m) => m.name === 'Merchant');
    expect(merchant?.dbName).toBe('merchants');
    expect(merchant?.fields.find((f) => f.name === 'createdAt')).toMatchObject({
      dbName: 'created_at',
      type: 'DateTime',
      optional: false,
      nativeType: 'Timestamptz',
    });
  });

  it('has every model as a table and every field as a column of a compatible type and nullability', async () => {
    const { rows } = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length
       FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const problems: string[] = [];
    const enumDbNames = new Map(schema.enums.map((e) => [e.name, e.dbName]));
    const compatible: Record<string, (c: (typeof rows)[number], nativeType?: string) => boolean> = {
      String: (c) => ['text', 'character varying', 'uuid', 'character'].includes(c.data_type),
      Int: (c) => c.data_type === 'integer',
      BigInt: (c) => c.data_type === 'bigint',
      Boolean: (c) => c.data_type === 'boolean',
      Float: (c) => c.data_type === 'double precision',
      Decimal: (c) => c.data_type === 'numeric',
      Json: (c) => c.data_type === 'jsonb',
      Bytes: (c) => c.data_type === 'bytea',
      DateTime: (c, native) =>
        native === 'Timestamptz'
          ? c.data_type === 'timestamp with time zone'
          : native === 'Date'
            ? c.data_type === 'date'
            : c.data_type === 'timestamp without time zone',
    };
    for (const model of schema.models) {
      const columns = rows.filter((r) => r.table_name === model.dbName);
      if (columns.length === 0) {
        problems.push(`table ${model.dbName} (model ${model.name}) is missing`);
        continue;
      }
      for (const field of model.fields) {
        const column = columns.find((c) => c.column_name === field.dbName);
        if (!column) {
          problems.push(`${model.dbName}.${field.dbName} is missing`);
          continue;
        }
        const enumDb = enumDbNames.get(field.type);
        // A list is an array column of the element type (udt_name "_text" for String[]).
        const typeOk = field.list
          ? column.data_type === 'ARRAY' &&
            column.udt_name === `_${{ String: 'text', Int: 'int4', BigInt: 'int8' }[field.type] ?? '?'}`
          : enumDb
            ? column.data_type === 'USER-DEFINED' && column.udt_name === enumDb
            : (compatible[field.type]?.(column, field.nativeType) ?? false);
        if (!typeOk) problems.push(`${model.dbName}.${field.dbName}: ${field.type} vs ${column.data_type}`);
        if (
          field.nativeType === 'VarChar' &&
          field.nativeArgs &&
          Number(field.nativeArgs) !== column.character_maximum_length
        ) {
          problems.push(
            `${model.dbName}.${field.dbName}: VarChar(${field.nativeArgs}) vs ${column.character_maximum_length}`,
          );
        }
        if ((column.is_nullable === 'YES') !== field.optional) {
          problems.push(`${model.dbName}.${field.dbName}: nullability differs`);
        }
      }
      for (const column of columns) {
        if (!model.fields.some((f) => f.dbName === column.column_name)) {
          problems.push(`${model.dbName}.${column.column_name} is not in schema.prisma`);
        }
      }
    }
    const tables = new Set(rows.map((r) => r.table_name));
    for (const table of tables) {
      if (table !== '_prisma_migrations' && !schema.models.some((m) => m.dbName === table)) {
        problems.push(`table ${table} is not in schema.prisma`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has every enum with the same values', async () => {
    const { rows } = await client.query(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const inDb = new Map(rows.map((r) => [r.typname, r.labels]));
    for (const e of schema.enums) expect([e.dbName, inDb.get(e.dbName)]).toEqual([e.dbName, e.values]);
  });

  it('has a unique index for every @unique and @@unique', async () => {
    const { rows } = await client.query(
      `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE 'CREATE UNIQUE INDEX%'`,
    );
    for (const model of schema.models) {
      for (const unique of model.uniques) {
        const columns = unique.map((name) => model.fields.find((f) => f.name === name)?.dbName ?? name);
        const found = rows.some(
          (r) => r.tablename === model.dbName && r.indexdef.replace(/"/g, '').includes(`(${columns.join(', ')})`),
        );
        expect([model.dbName, columns, found]).toEqual([model.dbName, columns, true]);
      }
    }
  });
});

describe('the migration that hashes idempotency keys and drops responses that held secrets', () => {
  const hashed = '20261201100000_idempotency_keys_hashed_and_sealed';
  const upgradeName = `tally_test_migr_up_${randomBytes(4).toString('hex')}`;
  const upgradeUrl = new URL(base);
  upgradeUrl.pathname = `/${upgradeName}`;

  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${upgradeName}" WITH (FORCE)`);
  });

  it('keeps every key as its SHA-256, and the responses that held no secret', async () => {
    // The database as the version before it left it, with keys stored by that version.
    const before = mkdtempSync(join(tmpdir(), 'tally-migrations-'));
    const all = await readMigrations(MIGRATIONS_DIR);
    for (const m of all.filter((m) => m.name < hashed))
      cpSync(join(MIGRATIONS_DIR, m.name), join(before, m.name), { recursive: true });
    cpSync(join(MIGRATIONS_DIR, 'migration_lock.toml'), join(before, 'migration_lock.toml'));
    await migrate(upgradeUrl.toString(), before);
    const db = new pg.Client({ connectionString: upgradeUrl.toString() });
    await db.connect();
    try {
      const stored = [
        ['onboard-1', 'POST', '/v1/merchants', 200, { id: 'mch_1', object: 'merchant', secret_key: 'sk_live' }],
        [
          'roll-1',
          'POST',
          '/v1/merchants/mch_1/keys',
          200,
          { id: 'mk_1', object: 'merchant_api_key', secret: 'sk_new' },
        ],
        ['token-1', 'POST', '/v1/customers/cus_1/tokens', 200, { id: 'ct_1', object: 'customer_token', token: 'ct_x' }],
        ['pay-1', 'POST', '/v1/payment_intents', 200, { id: 'pi_1', object: 'payment_intent', metadata: {} }],
        ['fail-1', 'POST', '/v1/merchants', 409, { error: { type: 'state_error', code: 'x', message: 'secret' } }],
      ] as const;
      for (const [key, method, path, status, body] of stored) {
        await db.query(
          `INSERT INTO idempotency_keys (principal, key, request_method, request_path, request_fingerprint,
                                         response_status, response_body) VALUES ('operator', $1, $2, $3, 'f', $4, $5)`,
          [key, method, path, status, body],
        );
      }
      await migrate(upgradeUrl.toString(), MIGRATIONS_DIR);
      const { rows } = await db.query(
        'SELECT key_hash, response_body AS body, response_sealed FROM idempotency_keys ORDER BY id',
      );
      expect(rows.map((r) => r.key_hash)).toEqual(
        stored.map(([key]) => createHash('sha256').update(key).digest('hex')),
      );
      expect(rows.map((r) => r.body)).toEqual([null, null, null, stored[3][4], stored[4][4]]);
      expect(rows.every((r) => r.response_sealed === null)).toBe(true);
    } finally {
      await db.end();
    }
  });
});
