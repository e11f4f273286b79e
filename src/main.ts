// The HTTP API process. See README.md for configuration.
import 'reflect-metadata';
import { ConfigurationError, loadConfig } from './config/configuration';
import { createHttpApp } from './http-app';

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
  const app = await createHttpApp(config);
  // On SIGTERM Nest closes Fastify (no new connections, in-flight requests
  // finish), then the modules close their pools.
  await app.listen({ port: config.port, host: config.host });
}

void main();
