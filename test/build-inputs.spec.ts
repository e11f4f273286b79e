// `npm start` compiles only when dist/ was not built from today's sources
// (scripts/build-inputs.cjs): every change to what the compile or the Prisma
// client generation reads must count, and nothing else.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface BuildInputs {
  buildInputsHash(root: string): string;
  generateInputsHash(root: string): string;
  buildIsUpToDate(root: string, hash?: string): boolean;
  recordBuild(root: string, hash: string): void;
  forgetBuild(root: string): void;
  clientIsUpToDate(root: string, hash?: string): boolean;
  recordGenerate(root: string, hash: string): void;
}
const inputs = require('../scripts/build-inputs.cjs') as BuildInputs;

function checkout(): { root: string; write(path: string, text: string): void; remove(path: string): void } {
  const root = mkdtempSync(join(tmpdir(), 'tally-build-inputs-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries({
    'package.json': '{}',
    'package-lock.json': '{"lockfileVersion":3}',
    'tsconfig.json': '{}',
    'nest-cli.json': '{}',
    'src/main.ts': 'console.log(1);',
    'src/payments/payments.service.ts': 'export const a = 1;',
    'prisma/schema.prisma': 'model A { id String @id }',
    'prisma.config.ts': 'export default {};',
    'node_modules/prisma/package.json': '{"version":"7.10.1"}',
    'node_modules/@prisma/client/package.json': '{"version":"7.10.1"}',
  })) {
    write(path, text);
  }
  return { root, write, remove: (path) => rmSync(join(root, path)) };
}

describe('build inputs', () => {
  it('a build is up to date only with dist/main.js and the stamp of exactly these sources', () => {
    const { root, write, remove } = checkout();
    try {
      const hash = inputs.buildInputsHash(root);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(inputs.buildInputsHash(root)).toBe(hash);
      expect(inputs.buildIsUpToDate(root)).toBe(false); // never built
      write('dist/main.js', '');
      expect(inputs.buildIsUpToDate(root)).toBe(false); // built, not recorded (a failed or interrupted build)
      inputs.recordBuild(root, hash);
      expect(inputs.buildIsUpToDate(root)).toBe(true);

      write('src/payments/payments.service.ts', 'export const a = 2;');
      expect(inputs.buildIsUpToDate(root)).toBe(false);
      write('src/payments/payments.service.ts', 'export const a = 1;');
      expect(inputs.buildIsUpToDate(root)).toBe(true); // content, not modification times

      for (const change of [
        () => write('src/payments/refunds.service.ts', 'export {};'), // a new file
        () => write('src/generated/prisma/client.ts', 'export {};'), // a regenerated client
        () => write('package-lock.json', '{"lockfileVersion":3,"packages":{}}'), // another compiler or plugin
        () => write('tsconfig.json', '{"compilerOptions":{}}'),
      ]) {
        change();
        expect(inputs.buildIsUpToDate(root)).toBe(false);
        inputs.recordBuild(root, inputs.buildInputsHash(root));
        expect(inputs.buildIsUpToDate(root)).toBe(true);
      }
      remove('src/payments/refunds.service.ts');
      expect(inputs.buildIsUpToDate(root)).toBe(false); // a deleted file
      // A file moved to another name is another input.
      inputs.recordBuild(root, inputs.buildInputsHash(root));
      remove('src/main.ts');
      write('src/main2.ts', 'console.log(1);');
      expect(inputs.buildIsUpToDate(root)).toBe(false);
      // What the compile does not read changes nothing.
      inputs.recordBuild(root, inputs.buildInputsHash(root));
      write('README.md', 'docs');
      write('test/x.spec.ts', 'test');
      expect(inputs.buildIsUpToDate(root)).toBe(true);
      inputs.forgetBuild(root);
      expect(inputs.buildIsUpToDate(root)).toBe(false); // a compile under way: dist/ is not a build of anything
      inputs.recordBuild(root, inputs.buildInputsHash(root));
      remove('dist/main.js');
      expect(inputs.buildIsUpToDate(root)).toBe(false); // dist/ wiped, stamp or not
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the Prisma client is up to date only when generated from this schema, configuration and Prisma version', () => {
    const { root, write } = checkout();
    try {
      expect(inputs.clientIsUpToDate(root)).toBe(false);
      write('src/generated/prisma/client.ts', '');
      inputs.recordGenerate(root, inputs.generateInputsHash(root));
      expect(inputs.clientIsUpToDate(root)).toBe(true);
      write('src/main.ts', 'console.log(2);'); // code is not the client's input
      expect(inputs.clientIsUpToDate(root)).toBe(true);
      for (const [path, text] of [
        ['prisma/schema.prisma', 'model A { id String @id\n name String }'],
        ['prisma.config.ts', 'export default { schema: "x" };'],
        ['node_modules/prisma/package.json', '{"version":"7.11.0"}'],
        ['node_modules/@prisma/client/package.json', '{"version":"7.11.0"}'],
      ]) {
        write(path, text);
        expect(inputs.clientIsUpToDate(root)).toBe(false);
        inputs.recordGenerate(root, inputs.generateInputsHash(root));
        expect(inputs.clientIsUpToDate(root)).toBe(true);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
