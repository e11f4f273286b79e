import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { permits, unreachableAt, unusableEntryUnder, userCanReach, type UserIds } from './user-access';

// On real directories with real modes. The directories belong to `owner`
// (a made-up user when the tests run as root, who may give them away; the
// test's own user otherwise), and are judged for that owner, a member of
// their group, and a stranger.
describe('what another user can reach', () => {
  const asRoot = process.getuid!() === 0;
  const owner: UserIds = asRoot ? { uid: 54_321, gid: 54_321 } : { uid: process.getuid!(), gid: process.getgid!() };
  const groupMember: UserIds = { uid: 54_400, gid: owner.gid };
  const stranger: UserIds = { uid: 54_500, gid: 54_500 };
  let base: string;

  /** A directory under base with `mode`, belonging to `owner`. */
  const dir = (path: string, mode: number) => {
    const full = join(base, path);
    mkdirSync(full, { recursive: true });
    chmodSync(full, mode);
    if (asRoot) chownSync(full, owner.uid, owner.gid);
    return full;
  };
  const file = (path: string, mode: number) => {
    const full = join(base, path);
    writeFileSync(full, 'x');
    chmodSync(full, mode);
    if (asRoot) chownSync(full, owner.uid, owner.gid);
    return full;
  };

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'tally-user-access-'));
    chmodSync(base, 0o755);
  });
  afterAll(() => {
    // Open everything again so that a non-root run can remove what it closed.
    for (const path of ['closed', 'group-only', 'others-only', 'owner-locked', 'tree/lib', 'tree']) {
      try {
        chmodSync(join(base, path), 0o755);
      } catch {
        // not made by this run
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('reads the owner bits for the owner, else the group bits for the group, else the others bits', () => {
    const stats = (mode: number) => ({ mode: 0o40000 | mode, uid: owner.uid, gid: owner.gid });
    expect(permits(stats(0o700), owner, 1)).toBe(true);
    expect(permits(stats(0o700), groupMember, 1)).toBe(false);
    expect(permits(stats(0o710), groupMember, 1)).toBe(true);
    expect(permits(stats(0o701), stranger, 1)).toBe(true);
    // The kernel never falls through to a wider class: a member of the group gets the group's bits only.
    expect(permits(stats(0o701), groupMember, 1)).toBe(false);
    expect(permits(stats(0o077), owner, 1)).toBe(false);
    expect(permits(stats(0o750), groupMember, 4)).toBe(true);
    expect(permits(stats(0o750), groupMember, 2)).toBe(false);
    // Root passes everything.
    expect(permits(stats(0o000), { uid: 0, gid: 0 }, 1)).toBe(true);
  });

  it('stops a user at the first directory on the way that it may not search, naming it with its mode', () => {
    const closed = dir('closed', 0o700);
    dir('closed/inner', 0o755);
    const target = join(closed, 'inner', 'postgres');
    expect(userCanReach(target, owner)).toBe(true);
    expect(userCanReach(target, groupMember)).toBe(false);
    expect(unreachableAt(target, stranger)).toBe(`${closed} (mode 700, owner ${owner.uid}:${owner.gid})`);
    // The entry itself is not judged: a closed directory is reached when its parents are open.
    expect(userCanReach(closed, stranger)).toBe(true);
  });

  it('lets the group through a directory open to the group only, and strangers through one open to others only', () => {
    const groupOnly = join(dir('group-only', 0o710), 'data');
    expect(userCanReach(groupOnly, groupMember)).toBe(true);
    expect(userCanReach(groupOnly, stranger)).toBe(false);
    const othersOnly = join(dir('others-only', 0o701), 'data');
    expect(userCanReach(othersOnly, stranger)).toBe(true);
    expect(userCanReach(othersOnly, groupMember)).toBe(false);
    const ownerLocked = join(dir('owner-locked', 0o077), 'data');
    expect(userCanReach(ownerLocked, owner)).toBe(false);
    expect(userCanReach(ownerLocked, stranger)).toBe(true);
  });

  it('does not judge directories that do not exist yet', () => {
    expect(userCanReach(join(base, 'not-yet', 'made', 'data'), stranger)).toBe(true);
  });

  it('follows links on the way to their targets, but not the entry itself when it is a link', () => {
    dir('closed', 0o700);
    dir('closed/inner', 0o755);
    const open = dir('open', 0o755);
    symlinkSync(join(base, 'closed', 'inner'), join(open, 'into-closed'));
    // Through the link the way goes through `closed`, which stops a stranger.
    expect(unreachableAt(join(open, 'into-closed', 'data'), stranger)).toContain(`${join(base, 'closed')} (mode 700`);
    // A link as the entry: the entry is reached; where it leads is another question.
    expect(userCanReach(join(open, 'into-closed'), stranger)).toBe(true);
    // A relative link, read from its own directory.
    symlinkSync('../closed/inner', join(open, 'relative'));
    expect(userCanReach(join(open, 'relative', 'data'), stranger)).toBe(false);
    expect(userCanReach(join(open, 'relative', 'data'), owner)).toBe(true);
  });

  it('finds what in an installed tree a user could not read or run', () => {
    dir('tree', 0o755);
    dir('tree/bin', 0o755);
    dir('tree/lib', 0o755);
    file('tree/bin/postgres', 0o755);
    file('tree/lib/libpq.so.5.18', 0o644);
    symlinkSync('libpq.so.5.18', join(base, 'tree', 'lib', 'libpq.so.5'));
    const tree = join(base, 'tree');
    expect(unusableEntryUnder(tree, stranger)).toBeNull();

    chmodSync(join(base, 'tree', 'lib', 'libpq.so.5.18'), 0o600);
    expect(unusableEntryUnder(tree, stranger)).toContain(`${join(tree, 'lib', 'libpq.so.5.18')} (mode 600`);
    expect(unusableEntryUnder(tree, owner)).toBeNull();
    chmodSync(join(base, 'tree', 'lib', 'libpq.so.5.18'), 0o644);

    // Readable but not runnable: an executable must be runnable.
    chmodSync(join(base, 'tree', 'bin', 'postgres'), 0o744);
    expect(unusableEntryUnder(tree, stranger)).toContain(`${join(tree, 'bin', 'postgres')} (mode 744`);
    chmodSync(join(base, 'tree', 'bin', 'postgres'), 0o755);

    chmodSync(join(base, 'tree', 'lib'), 0o711);
    expect(unusableEntryUnder(tree, stranger)).toContain(`${join(tree, 'lib')} (mode 711`);
  });
});
