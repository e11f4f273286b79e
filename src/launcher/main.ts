// `npm start` (after the build): see launcher.ts.
import 'reflect-metadata';
import { loadConfigOrExit } from '../config/configuration';
import { loadDotEnv } from '../config/dotenv';
import { launch, type Launched } from './launcher';

const say = (text: string) => console.log(text.includes('\n') ? text : `[tally] ${text}`);

async function main(): Promise<number> {
  // The children read it too; what the launcher hands them (DATABASE_URL, QUEUE_BACKEND) wins over it.
  loadDotEnv();
  const config = loadConfigOrExit();
  // SIGHUP too: the terminal closed, and Node's default would end the launcher without stopping anything.
  // A signal that arrives while Tally is starting stops it as soon as it is up; a second one forces the stop.
  const state: { stopRequested: boolean; launched?: Launched } = { stopRequested: false };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!state.stopRequested) {
        state.stopRequested = true;
        state.launched?.stop();
      } else if (state.launched) {
        state.launched.stop({ force: true });
      } else {
        // Still starting: the exit hooks stop what has started (the children also stop when the launcher is gone).
        process.exit(130);
      }
    });
  }
  const launched = await launch(config, process.env, say);
  state.launched = launched;
  if (state.stopRequested) launched.stop();
  return launched.finished;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[tally] ${error.message}`);
    process.exit(1);
  },
);
