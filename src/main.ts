// The HTTP API process. See README.md for configuration.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from './config/configuration';
import { createHttpApp } from './http-app';
import { apiUrls, tellParentReady } from './launcher/ready-message';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createHttpApp(config);
  // On SIGTERM Nest closes Fastify (no new connections, in-flight requests
  // finish), then the modules close their pools.
  await app.listen({ port: config.port, host: config.host });
  const urls = apiUrls(config.host, config.port);
  new Logger('Api').log(`Tally API listening on ${urls.api} (reference ${urls.docs}, queue dashboard ${urls.queues})`);
  tellParentReady('api', urls);
}

void main();
