#!/usr/bin/env node
// Generates the typed client's types (clients/typescript/src/schema.ts) from
// the OpenAPI document with openapi-typescript.
//
//   npm run client:generate               builds if needed, then regenerates from the document of the build
//   node scripts/generate-client.mjs --check doc.json
//                                         exits 1 if the committed file differs from what doc.json gives
//
// test/contract.spec.ts runs the check on the document it builds, so CI
// fails when the API changed and the client was not regenerated.
import openapiTS, { astToString } from 'openapi-typescript';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, 'clients/typescript/src/schema.ts');
const HEADER =
  '// Generated from the Tally OpenAPI document by scripts/generate-client.mjs\n' +
  '// (openapi-typescript). Do not edit: run `npm run client:generate`.\n\n';

export async function clientSchemaSource(document) {
  // Parsed here, not handed over as a path: openapi-typescript would read a path as a URL.
  const ast = await openapiTS(document, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const file = args.find((arg) => !arg.startsWith('--'));
const document = file
  ? JSON.parse(readFileSync(file, 'utf8'))
  : JSON.parse(
      execFileSync(process.execPath, [resolve(root, 'dist/openapi.main.js')], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
const source = await clientSchemaSource(document);
if (check) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing file differs.
  }
  if (committed !== source) {
    console.error(
      'clients/typescript/src/schema.ts is not what the API document gives: run `npm run client:generate` and commit it',
    );
    process.exit(1);
  }
  console.log('clients/typescript/src/schema.ts matches the API document');
} else {
  writeFileSync(target, source);
  console.log(`wrote ${target}`);
}
