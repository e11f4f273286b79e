// What another user may do with a path, judged from the permission bits, as
// the launcher needs to know it before running PostgreSQL as the system user
// `postgres` (PostgreSQL refuses to run as root).
//
// The processes that user runs are spawned by Node with `uid` and `gid`,
// and libuv drops every supplementary group when it changes them
// (setgroups(0, NULL)): so only the owner, the one group and "other" bits
// count, exactly as here. POSIX ACLs are not read: a directory opened to
// that user by an ACL alone is judged closed, which costs only a needless
// fallback, never a failed start.
import { lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';

/** The user and group a process runs as. */
export interface UserIds {
  uid: number;
  gid: number;
}

const READ = 4;
const SEARCH = 1;

/** Whether `ids` has the permission `bit` (4 read, 2 write, 1 execute or search) on a file with `stats`. */
export function permits(stats: Pick<Stats, 'mode' | 'uid' | 'gid'>, ids: UserIds, bit: number): boolean {
  if (ids.uid === 0) return true;
  // As the kernel does: the owner's bits for the owner, else the group's for the group, else the others'.
  const shift = stats.uid === ids.uid ? 6 : stats.gid === ids.gid ? 3 : 0;
  return ((stats.mode >> shift) & bit) !== 0;
}

function describe(path: string, stats: Stats): string {
  return `${path} (mode ${(stats.mode & 0o7777).toString(8)}, owner ${stats.uid}:${stats.gid})`;
}

/**
 * The first directory on the way to `path` (from `/` down to `path`'s
 * parent) that `ids` may not search, described with its mode and owner; null
 * when every one of them lets it through. `path` itself is not judged, nor
 * followed when it is a symbolic link: this says whether the user can get to
 * the entry, and what the entry lets it do is a question about the entry.
 * Links on the way are followed, as the kernel does: the directories of
 * their targets must let the user through too. Directories that do not exist
 * yet are not judged (whoever creates them chooses their mode).
 */
export function unreachableAt(path: string, ids: UserIds): string | null {
  const seen = new Set<string>();
  const walk = (target: string): string | null => {
    const absolute = resolve(target);
    const { root } = parse(absolute);
    const parts = absolute.slice(root.length).split('/').filter(Boolean);
    let directory = root;
    // directory is the path up to parts[i - 1]: each one is passed through to reach parts[i].
    for (let i = 0; i < parts.length; i++) {
      let stats: Stats;
      try {
        stats = lstatSync(directory);
      } catch {
        return null;
      }
      if (stats.isSymbolicLink()) {
        if (seen.has(directory)) return `${directory} (a loop of symbolic links)`;
        seen.add(directory);
        return walk(join(resolveLink(directory), ...parts.slice(i)));
      }
      if (!permits(stats, ids, SEARCH)) return describe(directory, stats);
      directory = join(directory, parts[i]);
    }
    return null;
  };
  return walk(path);
}

/** Where a link points; a relative target is read from the link's own directory. */
function resolveLink(link: string): string {
  return resolve(dirname(link), readlinkSync(link));
}

/** Whether `ids` can reach `path`: every directory on the way lets it search (see unreachableAt). */
export function userCanReach(path: string, ids: UserIds): boolean {
  return unreachableAt(path, ids) === null;
}

/**
 * The first entry under `dir` (itself included) that `ids` could not use as
 * an installed program's files: a directory it may not read and search, a
 * file it may not read, or an executable (any execute bit) it may not run.
 * Null when the whole tree is usable. Symbolic links are judged by their
 * targets inside the tree.
 */
export function unusableEntryUnder(dir: string, ids: UserIds): string | null {
  const stats = statSync(dir);
  if (stats.isDirectory()) {
    if (!permits(stats, ids, READ) || !permits(stats, ids, SEARCH)) return describe(dir, stats);
    for (const name of readdirSync(dir)) {
      const entry = join(dir, name);
      if (lstatSync(entry).isSymbolicLink()) continue;
      const unusable = unusableEntryUnder(entry, ids);
      if (unusable) return unusable;
    }
    return null;
  }
  if (!permits(stats, ids, READ)) return describe(dir, stats);
  if ((stats.mode & 0o111) !== 0 && !permits(stats, ids, SEARCH)) return describe(dir, stats);
  return null;
}
