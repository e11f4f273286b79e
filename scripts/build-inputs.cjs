// What a build and a Prisma client generation were made from, so that
// `npm start` redoes neither when nothing they read has changed.
//
// Each is a SHA-256 of the relative paths and contents of every file it
// reads, stored beside its output once it succeeded: dist/.build-inputs for
// the compile, src/generated/prisma/.generate-inputs for the client. The
// inputs are taken broadly (all of src/, specs included; the lock file for
// the compiler and its Swagger plugin): a needless rebuild costs seconds, a
// stale dist/ would run code that is not in the checkout. A failed step
// records nothing, so the next start does it again.
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');

const BUILD_STAMP = join('dist', '.build-inputs');
const GENERATE_STAMP = join('src', 'generated', 'prisma', '.generate-inputs');

/** Every file under `dir` (recursively), as paths relative to `root` with `/` separators, sorted. */
function filesUnder(root, dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
    }
  };
  if (existsSync(join(root, dir))) walk(join(root, dir));
  return found.sort();
}

/** The hash of these files (relative to `root`); a missing one counts as missing, not as empty. */
function hashFiles(root, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const path = join(root, file);
    hash.update(`${file}\0`);
    hash.update(existsSync(path) ? readFileSync(path) : '\0missing\0');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** What `nest build` reads: the sources (the generated client included), its configuration and the locked versions. */
function buildInputsHash(root) {
  const config = ['nest-cli.json', 'package.json', 'package-lock.json', 'tsconfig.json'];
  return hashFiles(root, [...config, ...filesUnder(root, 'src')]);
}

/** What `prisma generate` reads: the schema, its configuration and the installed Prisma versions. */
function generateInputsHash(root) {
  return hashFiles(root, [
    'prisma/schema.prisma',
    'prisma.config.ts',
    'node_modules/prisma/package.json',
    'node_modules/@prisma/client/package.json',
  ]);
}

function upToDate(root, stamp, hash, output) {
  const path = join(root, stamp);
  return existsSync(join(root, output)) && existsSync(path) && readFileSync(path, 'utf8') === hash;
}

module.exports = {
  buildInputsHash,
  generateInputsHash,
  /** dist/ holds a build of exactly these inputs. */
  buildIsUpToDate: (root, hash = buildInputsHash(root)) => upToDate(root, BUILD_STAMP, hash, join('dist', 'main.js')),
  recordBuild: (root, hash) => writeFileSync(join(root, BUILD_STAMP), hash),
  /** Before compiling: until the compile succeeds, dist/ is not a build of anything. */
  forgetBuild: (root) => rmSync(join(root, BUILD_STAMP), { force: true }),
  /** src/generated/prisma was generated from exactly these inputs. */
  clientIsUpToDate: (root, hash = generateInputsHash(root)) =>
    upToDate(root, GENERATE_STAMP, hash, join('src', 'generated', 'prisma', 'client.ts')),
  recordGenerate: (root, hash) => writeFileSync(join(root, GENERATE_STAMP), hash),
};
