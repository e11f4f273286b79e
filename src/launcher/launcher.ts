// `npm start`: one command that runs Tally on any machine with Node.js.
//
// It decides the database (DATABASE_URL; else the default address if a
// PostgreSQL answers there; else, in development, an embedded PostgreSQL),
// decides the queue backend (resolveQueueBackend), applies the migrations,
// runs the API and the worker as child processes with that DATABASE_URL and
// QUEUE_BACKEND, seeds the demo set on the first development start, and
// prints where everything is. On SIGINT/SIGTERM/SIGHUP it asks both children
// to drain and stop, then stops the embedded PostgreSQL (a second signal
// kills them at once); a child that fails stops the rest and the launcher
// exits non-zero. The children stop by themselves when the launcher dies,
// even by SIGKILL (their IPC channel closes: see stopWhenParentGoes); an
// embedded PostgreSQL left running then is stopped by the next start.
//
// Production runs `npm run start:api` and `npm run start:worker` (one process
// each, as the Dockerfile does); the launcher is for development and trials.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { AppConfig } from '../config/configuration';
import { migrate } from '../database/migrator';
import { resolveQueueBackend, type QueueBackend } from '../queues/queue-backend';
import { chooseDatabaseSource } from './database-choice';
import { describeDemoSet, ensureDemoSet } from './demo-seed';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { isReadyMessage, type ReadyMessage } from './ready-message';

/** dist/, where the built API and worker are. */
const DIST_DIR = join(__dirname, '..');
const MIGRATIONS_DIR = join(__dirname, '..', '..', 'prisma', 'migrations');
/** The Node flags of `npm run start:api` (see docs/performance.md, "Payments"). */
const API_NODE_ARGS = ['--max-semi-space-size=64'];

export type Say = (line: string) => void;

export interface DatabaseChoice {
  url: string;
  how: 'configured' | 'default' | 'embedded';
  embedded?: EmbeddedPostgres;
}

/** Where a URL points, without its password, for the log. */
export function withoutPassword(url: string): string {
  const shown = new URL(url);
  shown.password = '';
  return shown.toString();
}

/**
 * The database of chooseDatabaseSource; an embedded one is in
 * TALLY_LOCAL_DIR/postgres (as root, where the user postgres can reach, which
 * that directory then links to), with a `tally` database.
 */
export async function chooseDatabase(
  config: AppConfig,
  env: Record<string, string | undefined>,
  say: Say,
): Promise<DatabaseChoice> {
  const mode = config.embeddedPostgres;
  const source = await chooseDatabaseSource(config, env);
  if (source === 'configured') return { url: config.databaseUrl, how: 'configured' };
  if (source === 'default') return { url: config.defaultDatabaseUrl, how: 'default' };
  const dataDir = resolve(config.tallyLocalDir, 'postgres');
  if (config.isProduction) {
    say(
      `WARNING: EMBEDDED_POSTGRES=always in production: Tally's data lives in ${dataDir} on this machine only, ` +
        'in a PostgreSQL nobody backs up, replicates or monitors, and which stops with the launcher. ' +
        'Use a managed or your own PostgreSQL (DATABASE_URL) for real money.',
    );
  }
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPostgresPort });
  if (embedded.stoppedOrphan !== undefined) {
    say(`stopped the embedded PostgreSQL (pid ${embedded.stoppedOrphan}) that a killed launcher left running`);
  }
  // As root, when the checkout is out of the user postgres's reach: where its binaries and data are instead, and why.
  for (const notice of embedded.notices) say(notice);
  say(
    `${embedded.initialised ? 'created and started' : 'started'} an embedded PostgreSQL on ` +
      `127.0.0.1:${config.embeddedPostgresPort} in ${Date.now() - started} ms (data in ${embedded.dataDir}, kept across ` +
      `restarts; delete it to start afresh), because ` +
      (mode === 'always'
        ? 'EMBEDDED_POSTGRES=always'
        : `DATABASE_URL is unset and nothing answers at ${new URL(config.defaultDatabaseUrl).host}`),
  );
  say('to use your own PostgreSQL instead, set DATABASE_URL (for example in .env)');
  return { url: embedded.url('tally'), how: 'embedded', embedded };
}

export interface Launched {
  /** Resolves with the exit code the launcher should end with, once everything has stopped. */
  finished: Promise<number>;
  /** Asks the children to drain and stop (as SIGTERM does); `force` kills them and the database at once. */
  stop(options?: { force?: boolean }): void;
}

interface Child {
  name: 'api' | 'worker';
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(name: Child['name'], args: string[], env: NodeJS.ProcessEnv, onReady: (m: ReadyMessage) => void) {
  // detached: a Ctrl-C in the terminal reaches the launcher only, which asks each child once.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
  child.on('message', (message) => {
    if (isReadyMessage(message)) onReady(message);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return { name, process: child, exited };
}

/**
 * Runs everything and resolves once both the API and the worker are ready
 * (and the demo set is seeded), or rejects when something failed before.
 */
export async function launch(config: AppConfig, env: NodeJS.ProcessEnv, say: Say): Promise<Launched> {
  const database = await chooseDatabase(config, env, say);
  const stopDatabase = async () => {
    if (database.embedded) {
      await database.embedded.stop(forced ? 0 : undefined);
      say('stopped the embedded PostgreSQL');
    }
  };
  let queueBackend: QueueBackend;
  try {
    if (database.how !== 'embedded') say(`database: ${withoutPassword(database.url)} (${database.how})`);
    const result = await migrate(database.url, MIGRATIONS_DIR);
    say(
      `migrations: ${result.createdDatabase ? 'created the database, ' : ''}${result.applied.length} applied, ` +
        `${result.alreadyApplied.length} already applied`,
    );
    queueBackend = (await resolveQueueBackend(env)).backend;
    say(
      `queues: ${queueBackend === 'redis' ? `Redis at ${withoutPassword(env.REDIS_URL || config.defaultRedisUrl)}` : 'PostgreSQL (no Redis configured or answering)'}`,
    );
  } catch (error) {
    await stopDatabase();
    throw error;
  }

  const childEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: database.url, QUEUE_BACKEND: queueBackend };
  if (queueBackend === 'redis' && !env.REDIS_URL) childEnv.REDIS_URL = config.defaultRedisUrl;
  const ready = new Map<string, ReadyMessage>();
  let announceReady: () => void = () => undefined;
  const bothReady = new Promise<void>((resolveReady) => (announceReady = resolveReady));
  const onReady = (message: ReadyMessage) => {
    ready.set(message.role, message);
    if (ready.has('api') && ready.has('worker')) announceReady();
  };
  const children: Child[] = [
    startChild('api', [...API_NODE_ARGS, join(DIST_DIR, 'main.js')], childEnv, onReady),
    startChild('worker', [join(DIST_DIR, 'worker.js')], childEnv, onReady),
  ];

  let stopping = false;
  let forced = false;
  const stop = ({ force = false } = {}) => {
    if (force && !forced) {
      forced = stopping = true;
      say('stopping now: the API and the worker are killed, the database stopped without waiting');
      for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
      return;
    }
    if (stopping) return;
    stopping = true;
    say('stopping: the API and the worker finish what they are doing');
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGTERM');
  };
  // If the launcher itself dies, its children must not outlive it.
  const killChildren = () => children.forEach((child) => child.process.exitCode === null && child.process.kill());
  process.once('exit', killChildren);

  let failed = false;
  const finished = (async () => {
    await Promise.all(
      children.map(async (child) => {
        const { code, signal } = await child.exited;
        const clean =
          code === 0 || (stopping && (signal === 'SIGTERM' || signal === 'SIGINT' || (forced && signal === 'SIGKILL')));
        if (!clean) {
          failed = true;
          say(`the ${child.name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
        }
        stop();
      }),
    );
    process.removeListener('exit', killChildren);
    await stopDatabase();
    return failed ? 1 : 0;
  })();

  const outcome = await Promise.race([bothReady.then(() => 'ready' as const), finished]);
  if (outcome !== 'ready') throw new Error('Tally stopped before it was ready (see the messages above)');
  const api = ready.get('api')!;
  const localDir = resolve(config.tallyLocalDir);
  const lines = [
    `Tally is running (${config.nodeEnv}): API and worker on ${database.how === 'embedded' ? 'the embedded PostgreSQL' : 'PostgreSQL'}, queues on ${queueBackend === 'redis' ? 'Redis' : 'PostgreSQL'}`,
    `API              ${api.urls.api}`,
    `API reference    ${api.urls.docs}`,
    `queue dashboard  ${api.urls.queues}  (user: any, password: the operator key)`,
  ];
  // DEMO_SEED=false means never: neither made (a recorded set whose merchant this database lacks included) nor printed.
  if (config.nodeEnv === 'development' && config.demoSeed) {
    try {
      const { demo, created } = await ensureDemoSet({
        apiUrl: api.urls.api,
        operatorKey: config.operatorApiKey,
        localDir,
      });
      if (created) say(`seeded the demo set (kept in ${localDir}; DEMO_SEED=false skips this)`);
      lines.push(...describeDemoSet(demo, localDir));
    } catch (error) {
      lines.push(`the demo set could not be made: ${(error as Error).message} (npm run seed tries again)`);
    }
  }
  lines.push('Ctrl-C stops Tally');
  const width = Math.max(...lines.map((line) => line.length));
  say(['', '='.repeat(Math.min(width, 100)), ...lines, '='.repeat(Math.min(width, 100)), ''].join('\n'));
  return { finished, stop };
}
