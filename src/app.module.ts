import { CreditModule } from './credit/credit.module';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { ApiExceptionFilter } from './common/exception.filter';
import { RequestInputInterceptor } from './common/request-input.interceptor';
import { ApiValidationPipe } from './common/validation';
import { ConfigModule } from './config/config.module';
import { AppConfig, loadConfig } from './config/configuration';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { JobsModule } from './jobs/jobs.module';
import { ConnectorsModule } from './connectors/connectors.module';
import { EventsModule } from './events/events.module';
import { LedgerModule } from './ledger/ledger.module';
import { PaymentsModule } from './payments/payments.module';
import { SettlementModule } from './settlement/settlement.module';
import { WalletApiModule } from './wallets/wallet-api.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { MerchantsModule } from './merchants/merchants.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.module';
import { queueBackendOf } from './queues/queue-backend';
import { QueuesModule } from './queues/queues.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';

/** Modules shared by the API and the worker. */
export function coreModules(config?: AppConfig) {
  const queueBackend = queueBackendOf(config ?? loadConfig());
  return [
    ConfigModule.forRoot(config),
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (appConfig: AppConfig) => ({
        pinoHttp: {
          level: appConfig.logLevel,
          // Fastify already assigned the request id; log it as `reqId`.
          genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
          customAttributeKeys: { reqId: 'request_id' },
          // The Idempotency-Key too: with the master key it would open the sealed responses that carried secrets.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
        },
      }),
    }),
    DatabaseModule,
    QueuesModule.forRoot(queueBackend),
    OutboxModule,
    JobsModule,
    IdempotencyModule,
    AuthModule,
    LedgerModule,
    EventsModule,
    ConnectorsModule,
    PaymentsModule,
    SettlementModule,
    WalletApiModule,
    WebhooksModule,
    CreditModule,
  ];
}

@Module({})
export class AppModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreModules(config),
        RateLimitModule.forRoot(queueBackendOf(config ?? loadConfig())),
        HealthModule,
        MetricsModule,
        MerchantsModule,
        CustomersModule,
      ],
      providers: [
        // Who is calling, how often, and whether they may call the route (one guard, in that order).
        { provide: APP_GUARD, useClass: AuthGuard },
        // Interceptors run in this order: refuse undeclared or unstorable input, then idempotency.
        { provide: APP_INTERCEPTOR, useClass: RequestInputInterceptor },
        { provide: APP_INTERCEPTOR, useExisting: IdempotencyInterceptor },
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
