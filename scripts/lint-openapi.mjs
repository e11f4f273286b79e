#!/usr/bin/env node
// Lints an OpenAPI document with Redocly's recommended ruleset and prints
// the problems as JSON lines ({severity, ruleId, message, location}); exits
// 1 when any is an error. test/contract.spec.ts runs it on the document the
// API serves. (Redocly's library is ES modules only, hence a script of its own.)
//
//   node scripts/lint-openapi.mjs openapi.json
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const file = resolve(process.argv[2] ?? 'openapi.json');
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(file, 'utf8'), absoluteRef: file, config });
for (const problem of problems) {
  console.log(
    JSON.stringify({
      severity: problem.severity,
      ruleId: problem.ruleId,
      message: problem.message,
      location: problem.location.map((where) => where.pointer).join(' '),
    }),
  );
}
process.exit(problems.some((problem) => problem.severity === 'error') ? 1 : 0);
