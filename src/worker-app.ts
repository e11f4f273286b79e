import type { INestApplicationContext, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { withQuietBoot } from './common/boot-logger';
import { AppConfig, loadConfig } from './config/configuration';
import { WorkerModule } from './worker.module';

/** Builds the worker (no HTTP server) as it runs in production; worker.ts and the tests use it. */
export async function createWorkerApp(
  config: AppConfig = loadConfig(),
  extraProviders: Provider[] = [],
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, extraProviders), {
    bufferLogs: true,
  });
  app.useLogger(withQuietBoot(app.get(Logger)));
  app.enableShutdownHooks();
  return app;
}
