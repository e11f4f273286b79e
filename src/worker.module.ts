import {
  BeforeApplicationShutdown,
  DynamicModule,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import { coreModules } from './app.module';
import { AppConfig } from './config/configuration';
import { QueueWorkers } from './jobs/queue-workers.service';
import { LedgerJobs } from './ledger/ledger.jobs';
import { MaintenanceJobs } from './maintenance/maintenance.jobs';
import { PaymentJobs } from './payments/payments.jobs';
import { SettlementJobs } from './settlement/settlement.jobs';
import { OutboxRelay } from './outbox/outbox.relay';
import { WalletJobs } from './wallets/wallets.jobs';
import { WebhookJobs } from './webhooks/webhooks.jobs';

/** Starts the worker's loops once every module has registered its handlers. */
@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerRunner.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly workers: QueueWorkers,
    private readonly maintenance: MaintenanceJobs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenance.startSchedules();
    this.workers.start();
    this.relay.start();
    this.logger.log('worker started');
  }

  /** SIGTERM: stop relaying, let active jobs finish, then the pools close. */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`worker stopping${signal ? ` on ${signal}` : ''}`);
    this.maintenance.stopSchedules();
    await this.relay.stop();
    await this.workers.stop();
  }
}

@Module({})
export class WorkerModule {
  /** `extraProviders`: more job handlers (tests register theirs this way). */
  static forRoot(config?: AppConfig, extraProviders: Provider[] = []): DynamicModule {
    return {
      module: WorkerModule,
      imports: coreModules(config),
      providers: [
        OutboxRelay,
        QueueWorkers,
        MaintenanceJobs,
        LedgerJobs,
        PaymentJobs,
        SettlementJobs,
        WalletJobs,
        WebhookJobs,
        WorkerRunner,
        ...extraProviders,
      ],
      exports: [OutboxRelay, QueueWorkers, MaintenanceJobs],
    };
  }
}
