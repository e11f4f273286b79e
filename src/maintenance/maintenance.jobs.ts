// Tally's own housekeeping on the `maintenance` queue, run by the worker:
// idempotency keys past their retention, processed outbox rows and old
// processed-job markers. (Each capability schedules its own sweeps on its
// own queue, in its jobs file.)
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DatabaseService } from '../database/database.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { JobProcessor, type JobSchedule } from '../jobs/job-processor';
import { QUEUE_NAMES } from '../queues/queue-names';

export const MAINTENANCE_SCHEDULES = {
  pruneIdempotencyKeys: { name: 'prune-idempotency-keys', everyMs: 3_600_000 },
  pruneOutbox: { name: 'prune-outbox', everyMs: 3_600_000 },
} as const satisfies Record<string, JobSchedule>;

/** Processed outbox rows are kept this long for inspection. */
const OUTBOX_RETENTION_DAYS = 7;
/** Longer than any BullMQ retry or retention window, so no duplicate can outlive its marker. */
const PROCESSED_JOB_RETENTION_DAYS = 30;

@Processor(QUEUE_NAMES.maintenance)
export class MaintenanceJobs extends JobProcessor {
  private readonly logger = new Logger(MaintenanceJobs.name);

  protected readonly handlers = {
    [MAINTENANCE_SCHEDULES.pruneIdempotencyKeys.name]: async () => {
      const deleted = await this.idempotency.pruneExpired();
      this.logger.log(`pruned ${deleted} expired idempotency key(s)`);
      return { deleted };
    },
    [MAINTENANCE_SCHEDULES.pruneOutbox.name]: async () => {
      const deleted = await this.pruneOutbox();
      this.logger.log(`pruned ${deleted.outbox} outbox row(s), ${deleted.markers} job marker(s)`);
      return deleted;
    },
  };

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly db: DatabaseService,
  ) {
    super(Object.values(MAINTENANCE_SCHEDULES));
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
}
