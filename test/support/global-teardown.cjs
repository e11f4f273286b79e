// Stops and removes the embedded PostgreSQL that global-setup.cjs started, if it started one.
const { rmSync } = require('node:fs');

module.exports = async () => {
  const started = globalThis.__tallyEmbeddedPostgres;
  if (!started) return;
  await started.embedded.stop();
  rmSync(started.dir, { recursive: true, force: true });
};
