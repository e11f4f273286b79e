// Builds the HTTP application exactly as it runs in production; main.ts and
// the end-to-end tests both use it.
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { withQuietBoot } from './common/boot-logger';
import { AppModule } from './app.module';
import { MAX_BODY_BYTES, sendApiError } from './common/exception.filter';
import { newId } from './common/ids';
import { depthLimitedJsonParser } from './common/request-input';
import { configureMoneyLimits } from './common/validation';
import { AppConfig, loadConfig } from './config/configuration';
import { MetricsService } from './metrics/metrics.service';
import { buildOpenApiDocument } from './openapi';
import { registerQueueDashboard } from './queue-dashboard/queue-dashboard';
import { QueueRegistry } from './queues/queue.registry';
import { limitRoutesByClientAddress } from './rate-limit/fastify-routes';
import { RateLimitService } from './rate-limit/rate-limit.service';

export const OPENAPI_JSON_PATH = '/openapi.json';

export async function createHttpApp(config: AppConfig = loadConfig()): Promise<NestFastifyApplication> {
  configureMoneyLimits({ maxAmount: config.maxAmount });
  const adapter = new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    // A number of proxies, as proxy-addr counts them: the first n hops from this server are trusted.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    // Our ids, not client-chosen ones: a request id identifies one request in our logs.
    genReqId: () => newId('request'),
    // Tally answers with JSON only; no reply is ever a stack trace.
    return503OnClosing: true,
    // Errors of Fastify's router (a malformed %-escape, an over-long path parameter) in the API's error shape.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('Request-Id', request.id);
      sendApiError(error, request, reply);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(withQuietBoot(app.get(Logger)));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser(
    'application/json',
    { bodyLimit: MAX_BODY_BYTES },
    depthLimitedJsonParser(fastify.getDefaultJsonParser('error', 'error')),
  );
  await app.register(helmet, {
    // Swagger UI at /docs needs its inline script and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  const metrics = app.get(MetricsService);
  let warnedOfForwardedFor = false;
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('Request-Id', request.id);
    // Behind a proxy with TRUST_PROXY unset, every client has the proxy's address (and shares its budgets).
    if (config.trustProxy === false && !warnedOfForwardedFor && request.headers['x-forwarded-for'] !== undefined) {
      warnedOfForwardedFor = true;
      new NestLogger('Http').warn(
        'requests carry X-Forwarded-For but TRUST_PROXY is false: clients are told apart by the proxy address; ' +
          'set TRUST_PROXY to the number of proxies or their addresses',
      );
    }
  });
  fastify.addHook('onResponse', async (request, reply) => {
    // The route template, not the URL, so ids do not explode the label set.
    const route = request.routeOptions?.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  const rateLimits = app.get(RateLimitService);
  await registerQueueDashboard(fastify, app.get(QueueRegistry), config, rateLimits);
  limitRoutesByClientAddress(fastify, rateLimits, ['/docs', OPENAPI_JSON_PATH, '/openapi.yaml']);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH, yamlDocumentUrl: '/openapi.yaml' });
  return app;
}
