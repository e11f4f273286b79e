// The app's own TypeScript modules for the test tooling (global-setup.cjs,
// scripts/test.mjs), loaded through tsx with the project's tsconfig (its
// decorators), so that the tooling applies the app's rules instead of
// copies of them.
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/** The module at `path` (relative to the repository), e.g. 'src/queues/queue-backend.ts'. */
function appModule(path) {
  const { require: tsxRequire } = require('tsx/cjs/api');
  // tsx looks for tsconfig.json in the working directory unless told; the tooling may run from elsewhere.
  const previous = process.env.TSX_TSCONFIG_PATH;
  process.env.TSX_TSCONFIG_PATH = join(ROOT, 'tsconfig.json');
  try {
    return tsxRequire(join(ROOT, path), join(__dirname, 'app-modules.cjs'));
  } finally {
    if (previous === undefined) delete process.env.TSX_TSCONFIG_PATH;
    else process.env.TSX_TSCONFIG_PATH = previous;
  }
}

module.exports = { appModule };
