import {
  BeforeApplicationShutdown,
  DynamicModule,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { coreModules } from './app.module';
import { AppConfig } from './config/configuration';
import { JobScheduler } from './jobs/job-scheduler.service';
import { QueueWorkers } from './jobs/queue-workers.service';
import { LedgerJobs } from './ledger/ledger.jobs';
import { MaintenanceJobs } from './maintenance/maintenance.jobs';
import { PaymentJobs } from './payments/payments.jobs';
import { PayoutJobs, SettlementJobs } from './settlement/settlement.jobs';
import { OutboxRelay } from './outbox/outbox.relay';
import { WalletJobs } from './wallets/wallets.jobs';
import { WebhookJobs } from './webhooks/webhooks.jobs';

/** Starts the worker's loops once every module is ready. */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerRunner.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly workers: QueueWorkers,
    private readonly scheduler: JobScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers.start();
    await this.scheduler.start(this.workers.processors());
    this.relay.start();
    // worker.ts logs the one start line at info.
    this.logger.debug('worker started');
  }

  /** SIGTERM: stop relaying, let active jobs finish, then the pools close. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`worker stopping${signal ? ` on ${signal}` : ''}`);
    this.scheduler.stop();
    await this.relay.stop();
    await this.workers.stop();
  }
}

@Module({})
export class WorkerModule {
  /** `extraProviders`: more processors (tests add theirs this way). */
  static forRoot(config?: AppConfig, extraProviders: Provider[] = []): DynamicModule {
    return {
      module: WorkerModule,
      imports: [...coreModules(config), DiscoveryModule],
      providers: [
        OutboxRelay,
        QueueWorkers,
        JobScheduler,
        MaintenanceJobs,
        LedgerJobs,
        PaymentJobs,
        SettlementJobs,
        PayoutJobs,
        WalletJobs,
        WebhookJobs,
        WorkerRunner,
        ...extraProviders,
      ],
      exports: [OutboxRelay, QueueWorkers, JobScheduler],
    };
  }
}
