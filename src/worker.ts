// The worker process: outbox relay, BullMQ processors and schedules.
import 'reflect-metadata';
import { ConfigurationError, loadConfig } from './config/configuration';
import { createWorkerApp } from './worker-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  await createWorkerApp(config);
}

void main();
