// An embedded PostgreSQL runs in a session of its own (so that a Ctrl-C
// reaches only the process that started it, which stops it after its
// clients), so it outlives a starter killed by SIGKILL: its data directory's
// postmaster.pid then names a live postmaster that nobody will stop. The next
// start stops it (fast shutdown: its clients, the API and the worker, stopped
// when their launcher went) and starts PostgreSQL afresh. Not reused: nothing
// would stop a server this process did not start, and it would keep whatever
// settings it was started with.
//
// Which postmaster is an orphan: the starter records its pid beside the data
// directory (`<dataDir>.owner`). A postmaster whose parent is still that
// process belongs to a live launcher or test run and is left alone (the start
// fails, naming it); a pid that is no postgres of this data directory (a
// stale postmaster.pid after a reboot) is PostgreSQL's own to handle.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process's parent and command line, or undefined when it does not exist. */
function processInfo(pid: number): { ppid: number; command: string } | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') return undefined;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      return { ppid: Number(ppid), command };
    }
    const [ppid, ...command] = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
    return ppid ? { ppid: Number(ppid), command: command.join(' ') } : undefined;
  } catch {
    return undefined;
  }
}

const ownerFile = (dataDir: string) => `${dataDir}.owner`;

/**
 * Before starting PostgreSQL on `dataDir`: stops a postmaster left running
 * there by a starter that died (returning its pid), refuses one whose
 * starter is alive, and records this process as the starter.
 */
export async function claimEmbeddedPostgres(dataDir: string, timeoutMs = 30_000): Promise<number | undefined> {
  const lockFile = join(dataDir, 'postmaster.pid');
  const pid = existsSync(lockFile) ? Number(readFileSync(lockFile, 'utf8').split('\n')[0]) : NaN;
  const postmaster = Number.isInteger(pid) && pid > 0 ? processInfo(pid) : undefined;
  let stopped: number | undefined;
  if (postmaster && /postgres/.test(postmaster.command) && postmaster.command.includes(dataDir)) {
    const owner = existsSync(ownerFile(dataDir)) ? Number(readFileSync(ownerFile(dataDir), 'utf8')) : NaN;
    // Without a record (a cluster started before records were kept), any parent but init counts as alive.
    if (Number.isInteger(owner) ? postmaster.ppid === owner : postmaster.ppid !== 1) {
      throw new Error(
        `the embedded PostgreSQL in ${dataDir} is running for process ${owner} (another npm start or test run); ` +
          'stop that one first',
      );
    }
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + timeoutMs;
    while (processInfo(pid)) {
      if (Date.now() > deadline) throw new Error(`the orphaned PostgreSQL ${pid} in ${dataDir} did not stop`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stopped = pid;
  }
  writeFileSync(ownerFile(dataDir), String(process.pid));
  return stopped;
}
