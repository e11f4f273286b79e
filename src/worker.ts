// The worker process: outbox relay, BullMQ processors and schedules.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from './config/configuration';
import { apiUrls, tellParentReady } from './launcher/ready-message';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await createWorkerApp(config);
  new Logger('Worker').log('Tally worker running');
  tellParentReady('worker', apiUrls(config.host, config.port));
}

void main();
