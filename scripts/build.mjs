#!/usr/bin/env node
// `npm run build`: generates the Prisma client when its inputs changed (the
// install generated it), then compiles src/ to dist/ with `nest build` (and
// its Swagger plugin). `--if-changed`, as `npm start` runs it, also skips the
// compile when dist/ was built from exactly today's sources (see
// build-inputs.cjs): a restart then takes seconds instead of a compile.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { buildInputsHash, buildIsUpToDate, clientIsUpToDate, forgetBuild, recordBuild } = require('./build-inputs.cjs');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!clientIsUpToDate(root)) run([join(root, 'scripts', 'prisma-generate.mjs')]);
const hash = buildInputsHash(root);
if (process.argv.includes('--if-changed') && buildIsUpToDate(root, hash)) {
  console.log('build: dist/ was built from these sources; not compiled again (npm run build forces it)');
} else {
  // No stamp while compiling: an interrupted compile must not leave dist/ looking built (whatever nest-cli.json's deleteOutDir says).
  forgetBuild(root);
  run([require.resolve('@nestjs/cli/bin/nest.js'), 'build']);
  recordBuild(root, hash);
}
