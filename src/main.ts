// The HTTP API process. Its settings are in docs/configuration.md.
import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/configuration';
import { loadDotEnv } from './config/dotenv';
import { createHttpApp } from './http-app';
import { apiUrls, stopWhenParentGoes, tellParentReady } from './launcher/ready-message';
import { resolveQueueBackend } from './queues/queue-backend';

async function main(): Promise<void> {
  loadDotEnv();
  stopWhenParentGoes();
  // Before the app is built: its modules differ by backend (no Redis connection at all on PostgreSQL).
  const queues = await resolveQueueBackend(process.env);
  const config = loadConfigOrExit({ ...process.env, QUEUE_BACKEND: queues.backend });
  const app = await createHttpApp(config);
  const logger = app.get(Logger);
  // On SIGTERM Nest closes Fastify (no new connections, in-flight requests
  // finish), then the modules close their pools.
  await app.listen({ port: config.port, host: config.host });
  const urls = apiUrls(config.host, config.port);
  // The one line the API logs at info when it starts.
  logger.log(
    `Tally API listening on ${urls.api} (reference ${urls.docs}, queue dashboard ${urls.queues}); ` +
      `queues on ${queues.backend} (${queues.reason})`,
    'Api',
  );
  tellParentReady('api', urls);
}

void main();
