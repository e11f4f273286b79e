// Every entry point (the API, the worker, the launcher, `npm run db:migrate`,
// `npm run seed`) reads a `.env` file in the working directory the same way,
// first, before anything reads the environment. A variable already set in the
// environment wins over the file (Node's process.loadEnvFile never
// overrides), so the launcher's choices for its children (DATABASE_URL,
// QUEUE_BACKEND) reach them unchanged although they read the file too.
import { existsSync } from 'node:fs';

export const DOTENV_FILE = '.env';

/** Loads `file` (default: `.env` in the working directory) into process.env, if it exists. */
export function loadDotEnv(file = DOTENV_FILE): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
