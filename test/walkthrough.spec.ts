// docs/getting-started.md stays true: its ```bash blocks, exactly as written
// and in order, run in one bash session against a started Tally (API and
// worker, with the demo set seeded as the first `npm start` seeds it), from
// a directory laid out like the repository (.tally/ and scripts/), and each
// block must print what the page says it prints.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoSet } from '../src/launcher/demo-seed';
import { createTestEnv, OPERATOR_KEY, type TestEnv } from './support/test-env';

const ROOT = join(__dirname, '..');
const PAGE = join(ROOT, 'docs', 'getting-started.md');

/** The page's ```bash blocks, in order. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

/** One bash process for the whole page, as a reader's terminal: variables and functions carry from block to block. */
class Shell {
  private output = '';
  private readonly bash: ChildProcessWithoutNullStreams;

  constructor(cwd: string) {
    this.bash = spawn('bash', ['--noprofile', '--norc'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    this.bash.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.bash.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Runs `block`; resolves with what it printed and the status of its last command. */
  run(block: string, timeoutMs = 90_000): Promise<{ printed: string; status: number }> {
    const marker = `__block_done_${Math.random().toString(36).slice(2)}__`;
    const start = this.output.length;
    this.bash.stdin.write(`${block}\necho "${marker} $?"\n`);
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = setInterval(() => {
        const found = new RegExp(`${marker} (\\d+)\\n`).exec(this.output.slice(start));
        if (found) {
          clearInterval(poll);
          resolve({ printed: this.output.slice(start, start + found.index), status: Number(found[1]) });
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          reject(new Error(`block did not finish within ${timeoutMs} ms; it printed:\n${this.output.slice(start)}`));
        }
      }, 50);
    });
  }

  close(): void {
    this.bash.stdin.end();
    this.bash.kill();
  }
}

/** What each block must print, in the page's order (the page says the same in words). */
const EXPECTED: RegExp[] = [
  /^wallet\n$/,
  /^pi_[0-9A-Z]{26}\nrequires_payment_method\n$/,
  /^succeeded\n$/,
  /^2500\nsettlement: stl_[0-9A-Z]{26}\n\[\{"amount":\d+,"currency":"cny"\}\]\n$/,
  /^succeeded\n1200\n$/,
  /^whsec_\.\.\.\n$/,
  /^receiving webhooks on http:\/\/127\.0\.0\.1:4242\/\n$/,
  /^succeeded\nverified payment_intent\.succeeded evt_[0-9A-Z]{26} \(webhook-id evt_[0-9A-Z]{26}\)\n$/,
];

describe('docs/getting-started.md', () => {
  let env: TestEnv;
  let api: NestFastifyApplication;
  let home: string;
  let shell: Shell;

  beforeAll(async () => {
    // As `npm start` in development runs it: loopback deliveries (the local receiver) are allowed by default.
    env = await createTestEnv();
    api = await env.startApi();
    await api.listen({ port: 0, host: '127.0.0.1' });
    await env.startWorker();
    const { port } = api.getHttpAdapter().getInstance().server.address() as { port: number };
    home = mkdtempSync(join(tmpdir(), 'tally-walkthrough-'));
    symlinkSync(join(ROOT, 'scripts'), join(home, 'scripts'));
    await ensureDemoSet({
      apiUrl: `http://127.0.0.1:${port}`,
      operatorKey: OPERATOR_KEY,
      localDir: join(home, '.tally'),
    });
    shell = new Shell(home);
  }, 120_000);

  afterAll(async () => {
    shell?.close();
    await env?.teardown();
    rmSync(home, { recursive: true, force: true });
  });

  it('has the blocks this test knows', () => {
    expect(shellBlocks(readFileSync(PAGE, 'utf8'))).toHaveLength(EXPECTED.length);
  });

  it('runs every block in order, each printing what the page says', async () => {
    const blocks = shellBlocks(readFileSync(PAGE, 'utf8'));
    for (const [index, block] of blocks.entries()) {
      const { printed, status } = await shell.run(block);
      expect({ index, status, printed }).toEqual({ index, status: 0, printed: expect.stringMatching(EXPECTED[index]) });
    }
  }, 240_000);
});
