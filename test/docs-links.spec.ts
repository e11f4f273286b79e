// The docs' link check (scripts/check-docs-links.mjs, run by `npm run lint`):
// it finds the broken links of a small tree made for the purpose, passes a
// tree whose links all hold, and finds none in the repository's own docs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkDocsLinks, docsPages, githubSlug } from '../scripts/check-docs-links.mjs';

const ROOT = join(__dirname, '..');

/** Writes `files` (path relative to `root` -> content) under `root`. */
function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const GUIDE = [
  '# Guide',
  '',
  '## Queue backend: Redis or PostgreSQL',
  '',
  '## The `QUEUE_BACKEND` setting',
  '',
  '## Limits',
  '',
  '## Limits',
  '',
  'Back to [the readme](../README.md#tally), [myself](#limits-1) and [a folder](decisions/).',
  '',
].join('\n');

describe('scripts/check-docs-links.mjs', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tally-docs-links-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("slugs headings as GitHub does: lower case, punctuation removed, spaces to '-'", () => {
    expect(githubSlug('Queue backend: Redis or PostgreSQL')).toBe('queue-backend-redis-or-postgresql');
    expect(githubSlug('Queues and workers: @nestjs/bullmq')).toBe('queues-and-workers-nestjsbullmq');
    expect(githubSlug("The worker's life")).toBe('the-workers-life');
    expect(githubSlug('snake_case and kebab-case')).toBe('snake_case-and-kebab-case');
    expect(githubSlug('Two  spaces')).toBe('two--spaces');
    expect(githubSlug('Café (launcher) 2.0')).toBe('café-launcher-20');
  });

  it('passes a tree whose links and anchors all resolve', () => {
    const good = join(dir, 'good');
    writeTree(good, {
      'README.md': [
        '# Tally',
        '',
        'See [the guide](docs/guide.md), [its backend](docs/guide.md#queue-backend-redis-or-postgresql),',
        '[the setting](docs/guide.md#the-queue_backend-setting), [the second limits](docs/guide.md#limits-1),',
        '[the site](https://example.com/missing.md), [mail](mailto:someone@example.com) and [the top](#tally).',
        '',
        '```md',
        '[not a link](nowhere.md)',
        '```',
        '',
        'Nor is `[this](nowhere.md)`.',
        '',
      ].join('\n'),
      'docs/guide.md': GUIDE,
      'docs/decisions/README.md': '# Decisions\n\n[Up](../guide.md)\n',
    });

    expect(docsPages(good)).toEqual(['README.md', 'docs/decisions/README.md', 'docs/guide.md']);
    expect(checkDocsLinks(good)).toEqual([]);
  });

  it('reports each broken link with its page, line and problem', () => {
    const broken = join(dir, 'broken');
    writeTree(broken, {
      'README.md': [
        '# Tally',
        '',
        '[missing page](docs/missing.md)',
        '[missing anchor](docs/guide.md#queue-backend)',
        '[outside](../elsewhere/NOTES.md)',
        '[fine](docs/guide.md#limits)',
        '',
      ].join('\n'),
      'docs/guide.md': GUIDE + '\n[own anchor](#no-such-heading)\n',
      'docs/decisions/README.md': '# Decisions\n',
    });

    expect(checkDocsLinks(broken)).toEqual([
      {
        page: 'README.md',
        line: 3,
        target: 'docs/missing.md',
        problem: 'names docs/missing.md, which does not exist',
      },
      {
        page: 'README.md',
        line: 4,
        target: 'docs/guide.md#queue-backend',
        problem: 'names #queue-backend, which is no heading of docs/guide.md',
      },
      { page: 'README.md', line: 5, target: '../elsewhere/NOTES.md', problem: 'points outside the repository' },
      {
        page: 'docs/guide.md',
        line: 13,
        target: '#no-such-heading',
        problem: 'names #no-such-heading, which is no heading of docs/guide.md',
      },
    ]);
  });

  it("finds no broken link in the repository's README.md, docs/, examples/ and the client's README", () => {
    const pages = docsPages(ROOT);
    expect(pages).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/performance.md',
        'docs/decisions/README.md',
        'examples/README.md',
        'clients/typescript/README.md',
      ]),
    );
    expect(checkDocsLinks(ROOT)).toEqual([]);
  });
});
