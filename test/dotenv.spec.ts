// A `.env` file in the working directory is read by every entry point, and a
// variable set in the environment wins over it (src/config/dotenv.ts).
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '..');
const suffix = `${process.pid}_${Date.now()}`;
const fromFile = `tally_dotenv_file_${suffix}`;
const fromEnv = `tally_dotenv_env_${suffix}`;
const urlOf = (database: string) => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
};

const cwd = mkdtempSync(join(tmpdir(), 'tally-dotenv-'));
afterAll(async () => {
  rmSync(cwd, { recursive: true, force: true });
  const admin = new Client({ connectionString: urlOf('postgres') });
  await admin.connect();
  for (const name of [fromFile, fromEnv]) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.end();
});

describe('.env', () => {
  it('is read by db:migrate from the working directory, and the environment wins over it', () => {
    // db:migrate reads prisma/migrations under its working directory.
    symlinkSync(join(ROOT, 'prisma'), join(cwd, 'prisma'));
    writeFileSync(join(cwd, '.env'), `DATABASE_URL=${urlOf(fromFile)}\n`);
    const migrate = (env: Record<string, string>) => {
      const run = spawnSync(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['--tsconfig', join(ROOT, 'tsconfig.json'), join(ROOT, 'src/database/migrate.main.ts')],
        {
          cwd,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
          encoding: 'utf8',
        },
      );
      expect(run.stderr).toBe('');
      return run.stdout;
    };
    expect(migrate({})).toMatch(new RegExp(`database ${fromFile} on .*: created, \\d+ migration`));
    expect(migrate({ DATABASE_URL: urlOf(fromEnv) })).toMatch(new RegExp(`database ${fromEnv} on .*: created,`));
  });

  it('is read first by every entry point', () => {
    for (const entry of [
      'main.ts',
      'worker.ts',
      'launcher/main.ts',
      'launcher/seed.main.ts',
      'database/migrate.main.ts',
    ]) {
      const source = readFileSync(join(ROOT, 'src', entry), 'utf8');
      const loaded = source.indexOf('loadDotEnv();');
      expect([entry, loaded > 0]).toEqual([entry, true]);
      // Nothing reads the environment before it.
      for (const reader of ['process.env', 'loadConfigOrExit(', 'resolveQueueBackend(']) {
        const read = source.indexOf(reader, source.indexOf('\nimport') === -1 ? 0 : source.lastIndexOf('\nimport '));
        if (read !== -1) expect([entry, reader, read > loaded]).toEqual([entry, reader, true]);
      }
    }
  });
});
