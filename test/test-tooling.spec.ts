// The test tooling's choices (test/support/global-setup.cjs) follow the app's
// rules, whose functions it loads: in particular a configured Redis that does
// not answer fails the run, as the app would fail, instead of moving it to
// PostgreSQL queues unnoticed.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './support/launcher';

const ROOT = join(__dirname, '..');

/** Runs global-setup.cjs in a process of its own with exactly `env`; its exit code and what it printed. */
function globalSetup(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const script =
    `require(${JSON.stringify(join(ROOT, 'test/support/global-setup.cjs'))})().then(` +
    `() => console.log('QUEUE_BACKEND=' + process.env.QUEUE_BACKEND + ' DATABASE_URL=' + process.env.DATABASE_URL),` +
    `(error) => { console.log(error.message); process.exit(3); })`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('global-setup', () => {
  const database = { DATABASE_URL: process.env.DATABASE_URL! };

  it('fails the run when REDIS_URL is set and nothing answers there', async () => {
    const port = await freePort();
    const run = await globalSetup({ ...database, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect([run.code, run.output.trim()]).toEqual([
      3,
      `The test suites need Redis at 127.0.0.1:${port} (REDIS_URL is set) (see README "Quick start").`,
    ]);
  });

  it('runs on PostgreSQL queues when no Redis is configured or answers at the default address', async () => {
    const run = await globalSetup({ ...database, DEFAULT_REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect([run.code, run.output.trim()]).toEqual([0, `QUEUE_BACKEND=postgres DATABASE_URL=${database.DATABASE_URL}`]);
  });

  it('fails the run when DATABASE_URL is set and nothing answers there', async () => {
    const port = await freePort();
    const run = await globalSetup({
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/tally`,
      QUEUE_BACKEND: 'postgres',
    });
    expect([run.code, run.output.trim()]).toEqual([
      3,
      `The test suites need PostgreSQL at 127.0.0.1:${port} (DATABASE_URL) (see README "Quick start").`,
    ]);
  });
});
