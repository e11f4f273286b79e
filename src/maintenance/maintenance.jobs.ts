// Scheduled housekeeping on the `maintenance` queue, run by the worker:
// idempotency keys past their retention, processed outbox rows and old
// processed-job markers. Schedules are BullMQ job schedulers; they are
// upserted at boot and again every minute, so a Redis flush loses none.
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { JobHandlerRegistry } from '../jobs/job-handlers.registry';
import { QueueRegistry } from '../queues/queue.registry';
import { QUEUE_NAMES } from '../queues/queue-names';

export const MAINTENANCE_SCHEDULES = {
  pruneIdempotencyKeys: { name: 'prune-idempotency-keys', everyMs: 3_600_000 },
  pruneOutbox: { name: 'prune-outbox', everyMs: 3_600_000 },
  /** Handled by LedgerJobs; its period is LEDGER_EXPIRY_SWEEP_SECONDS. */
  expireLedgerHolds: { name: 'expire-ledger-holds', everyMs: 30_000 },
  /** Handled by PaymentJobs. */
  expirePaymentIntents: { name: 'expire-payment-intents', everyMs: 30_000 },
  /** Handled by SettlementJobs; its period is SETTLEMENT_SWEEP_SECONDS. */
  settleDuePayments: { name: 'settle-due-payments', everyMs: 60_000 },
  /** Handled by WebhookJobs: events past EVENT_RETENTION_DAYS. */
  pruneEvents: { name: 'prune-events', everyMs: 3_600_000 },
  /** Handled by WalletJobs: recipient lookups of days past (RecipientLookups). */
  pruneRecipientLookups: { name: 'prune-recipient-lookups', everyMs: 3_600_000 },
  /** Handled by SettlementJobs: every day at 02:00 UTC. */
  dailyPayouts: { name: 'daily-payouts', pattern: '0 2 * * *' },
} as const;

/** Processed outbox rows are kept this long for inspection. */
const OUTBOX_RETENTION_DAYS = 7;
/** Longer than any BullMQ retry or retention window, so no duplicate can outlive its marker. */
const PROCESSED_JOB_RETENTION_DAYS = 30;

@Injectable()
export class MaintenanceJobs implements OnModuleInit {
  private readonly logger = new Logger(MaintenanceJobs.name);
  private scheduleTimer?: NodeJS.Timeout;

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly queues: QueueRegistry,
    private readonly idempotency: IdempotencyService,
    private readonly db: DatabaseService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.pruneIdempotencyKeys.name, async () => {
      const deleted = await this.idempotency.pruneExpired();
      this.logger.log(`pruned ${deleted} expired idempotency key(s)`);
      return { deleted };
    });
    this.registry.register(QUEUE_NAMES.maintenance, MAINTENANCE_SCHEDULES.pruneOutbox.name, async () => {
      const deleted = await this.pruneOutbox();
      this.logger.log(`pruned ${deleted.outbox} outbox row(s), ${deleted.markers} job marker(s)`);
      return deleted;
    });
  }

  async pruneOutbox(now = new Date()): Promise<{ outbox: number; markers: number }> {
    const outboxCutoff = new Date(now.getTime() - OUTBOX_RETENTION_DAYS * 86_400_000);
    const markerCutoff = new Date(now.getTime() - PROCESSED_JOB_RETENTION_DAYS * 86_400_000);
    const outbox = await this.db.prisma.outboxMessage.deleteMany({
      where: { processedAt: { lt: outboxCutoff } },
    });
    const markers = await this.db.prisma.processedJob.deleteMany({ where: { processedAt: { lt: markerCutoff } } });
    return { outbox: outbox.count, markers: markers.count };
  }

  async upsertSchedules(): Promise<void> {
    const queue = this.queues.get(QUEUE_NAMES.maintenance);
    for (const schedule of Object.values(MAINTENANCE_SCHEDULES)) {
      await queue.upsertJobScheduler(schedule.name, this.repeatOf(schedule), { name: schedule.name });
    }
  }

  private repeatOf(schedule: (typeof MAINTENANCE_SCHEDULES)[keyof typeof MAINTENANCE_SCHEDULES]) {
    if ('pattern' in schedule) return { pattern: schedule.pattern, tz: 'UTC' };
    if (schedule === MAINTENANCE_SCHEDULES.expireLedgerHolds)
      return { every: this.config.ledgerExpirySweepSeconds * 1000 };
    if (schedule === MAINTENANCE_SCHEDULES.settleDuePayments)
      return { every: this.config.settlementSweepSeconds * 1000 };
    return { every: schedule.everyMs };
  }

  /** Upserts the schedules now and every minute (the worker calls this at boot). */
  async startSchedules(): Promise<void> {
    await this.upsertSchedules();
    this.scheduleTimer = setInterval(() => {
      this.upsertSchedules().catch((error) => this.logger.warn(`schedule upsert failed: ${(error as Error).message}`));
    }, 60_000);
    this.scheduleTimer.unref();
  }

  stopSchedules(): void {
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
  }
}
