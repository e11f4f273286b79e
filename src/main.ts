// The HTTP API process. See README.md for configuration.
import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { ConfigurationError, loadConfig } from './config/configuration';
import { resolveQueueBackend } from './queues/queue-backend';
import { createHttpApp } from './http-app';

async function main(): Promise<void> {
  // Before the app is built: its modules differ by backend (no Redis connection at all on PostgreSQL).
  const queues = await resolveQueueBackend(process.env);
  let config;
  try {
    config = loadConfig({ ...process.env, QUEUE_BACKEND: queues.backend });
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createHttpApp(config);
  app.get(Logger).log(`queues on ${queues.backend} (${queues.reason})`, 'QueueBackend');
  // On SIGTERM Nest closes Fastify (no new connections, in-flight requests
  // finish), then the modules close their pools.
  await app.listen({ port: config.port, host: config.host });
}

void main();
