#!/usr/bin/env node
// Runs `prisma generate` on any machine.
//
// The Prisma 7 client needs no native binary, but the CLI insists on a schema
// engine before generating and tries to download it from Prisma's server,
// which is unreachable on our build machines. When the engine is neither
// configured nor already downloaded, we point PRISMA_SCHEMA_ENGINE_BINARY at a
// stand-in script: generation never runs the engine, and if anything else
// does, the stand-in says why and fails. On a machine where the engine exists
// (or PRISMA_SCHEMA_ENGINE_BINARY is set) nothing is overridden.
//
// It always generates; `npm run build` runs it only when the client's inputs
// changed, which the stamp written here records (see build-inputs.cjs).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { generateInputsHash, recordGenerate } = require('./build-inputs.cjs');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const inputs = generateInputsHash(root);
const env = { ...process.env };
const enginesDir = join(root, 'node_modules', '@prisma', 'engines');
const engineDownloaded =
  existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith('schema-engine'));
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !engineDownloaded) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = join(root, 'scripts', 'schema-engine-unavailable');
}
const result = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'prisma', 'build', 'index.js'), 'generate'],
  { cwd: root, env, stdio: 'inherit' },
);
if (result.status === 0) recordGenerate(root, inputs);
process.exit(result.status ?? 1);
