// The worker process: outbox relay, BullMQ processors and schedules.
import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from './config/configuration';
import { loadDotEnv } from './config/dotenv';
import { apiUrls, stopWhenParentGoes, tellParentReady } from './launcher/ready-message';
import { resolveQueueBackend } from './queues/queue-backend';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  loadDotEnv();
  stopWhenParentGoes();
  // Before the app is built: its modules differ by backend (no Redis connection at all on PostgreSQL).
  const queues = await resolveQueueBackend(process.env);
  const config = loadConfigOrExit({ ...process.env, QUEUE_BACKEND: queues.backend });
  const app = await createWorkerApp(config);
  // The one line the worker logs at info when it starts.
  app.get(Logger).log(`Tally worker running; queues on ${queues.backend} (${queues.reason})`, 'Worker');
  tellParentReady('worker', apiUrls(config.host, config.port));
}

void main();
