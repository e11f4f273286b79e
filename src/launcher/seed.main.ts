// `npm run seed`: prints the demo set of the running Tally (development), made
// first if this database has none. It does not make a second set: the
// walkthrough and the printed keys stay the same across runs, and customer
// tokens close to expiry are issued afresh. To start over with a new set,
// delete TALLY_LOCAL_DIR/demo.json (or the whole directory, database included).
import 'reflect-metadata';
import { resolve } from 'node:path';
import { loadConfigOrExit } from '../config/configuration';
import { loadDotEnv } from '../config/dotenv';
import { describeDemoSet, ensureDemoSet } from './demo-seed';
import { apiUrls } from './ready-message';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfigOrExit();
  if (config.isProduction) throw new Error('the demo set is for development; NODE_ENV is production');
  const urls = apiUrls(config.host, config.port);
  const localDir = resolve(config.tallyLocalDir);
  const { demo, created } = await ensureDemoSet({
    apiUrl: urls.api,
    operatorKey: config.operatorApiKey,
    localDir,
  }).catch((error: Error) => {
    throw new Error(`${error.message} (is Tally running? npm start runs it)`);
  });
  console.log(
    [
      created ? 'seeded a new demo set' : 'the demo set of this database',
      `API ${urls.api}   API reference ${urls.docs}   queue dashboard ${urls.queues}`,
      ...describeDemoSet(demo, localDir),
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(`seed failed: ${error.message}`);
  process.exit(1);
});
