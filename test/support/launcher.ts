// Runs the built launcher (`npm start` after its build) as a child process,
// in a directory of its own, and waits for its banner.
import { afterAll } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * Compiles dist/ as `npm run build` does, without regenerating the Prisma
 * client (installing generated it, and other suites may be reading it).
 */
export function buildTally(): void {
  const build = spawnSync('npx', ['nest', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build failed:\n${build.stdout}\n${build.stderr}`);
}

/** Ports this process has handed out: the kernel may offer a just-closed port again, which two settings must not share. */
const handedOut = new Set<number>();

/** A port nothing listens on now, and not one this process handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export interface RunningTally {
  process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Milliseconds from spawn to the banner. */
  readyAfterMs: number;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterAll(() => running.forEach((child) => child.kill('SIGKILL')));

/** Starts dist/launcher/main.js with exactly `env` (plus PATH and HOME) in `cwd`; resolves at its banner. */
export async function startLauncher(cwd: string, env: Record<string, string>, timeoutMs = 120_000) {
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'launcher', 'main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (output.includes('Ctrl-C stops Tally')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited (${code}) before its banner:\n${output}`));
    });
  });
  const readyAfterMs = Date.now() - started;
  return {
    process: child,
    output: () => output,
    readyAfterMs,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      running.delete(child);
      return code;
    },
  } satisfies RunningTally;
}

/** A process's state letter and parent from /proc (Linux), or undefined when it is gone. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Whether the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** The running children of `pid`, with their command lines. */
export function childProcessesOf(pid: number): { pid: number; command: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => procStat(child)?.ppid === pid && isRunning(child))
    .map((child) => ({
      pid: child,
      command: readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' '),
    }));
}
