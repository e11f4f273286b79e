// The OpenAPI document of a default configuration, built without a database
// or a queue store: Nest's preview mode assembles the module graph (which is
// all the document reads) and creates no provider. The typed client is
// generated from this document (scripts/generate-client.mjs), and its drift
// check builds it the same way (test/contract.spec.ts). It is the
// document Tally serves: no route depends on the configuration.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { loadConfig } from './config/configuration';
import { buildOpenApiDocument } from './openapi';

export async function defaultOpenApiDocument(): Promise<OpenAPIObject> {
  // An empty environment, not this process's: the document must not depend on who generates it.
  const app = await NestFactory.create(AppModule.forRoot(loadConfig({})), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
