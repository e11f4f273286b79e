// Makes a job handler's effect happen once, however often BullMQ runs it
// (retries, stalled jobs, a redispatch after a Redis flush).
//
// The effect runs in one transaction with the insert of a marker row keyed by
// the effect's deterministic key; a second run finds the marker and does
// nothing. A concurrent second run waits on the marker's unique index until
// the first commits, then sees the conflict. For outbox jobs the row is also
// marked processed, which stops the relay from redispatching it.
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DatabaseService, Tx } from '../database/database.service';
import type { OutboxJobData } from '../outbox/outbox.service';

export type EffectResult<T> = { applied: true; value: T } | { applied: false };

@Injectable()
export class JobEffects {
  constructor(private readonly db: DatabaseService) {}

  /** Runs `effect` unless an effect with `key` has already been committed. */
  async once<T>(key: string, effect: (tx: Tx) => Promise<T>): Promise<EffectResult<T>> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO processed_jobs (key) VALUES (${key}) ON CONFLICT (key) DO NOTHING`;
      if (inserted === 0) return { applied: false };
      return { applied: true, value: await effect(tx) };
    });
  }

  /** `once`, keyed by the outbox row, and marks that row processed in the same transaction. */
  async onceForOutboxJob<T>(
    job: Pick<Job<OutboxJobData>, 'data'>,
    effect: (tx: Tx) => Promise<T>,
  ): Promise<EffectResult<T>> {
    const outboxId = job.data.outboxId;
    return this.db.transaction(async (tx) => {
      const result = await this.once(`outbox:${outboxId}`, effect);
      await tx.$executeRaw`
        UPDATE outbox_messages SET processed_at = now() WHERE id = ${outboxId} AND processed_at IS NULL`;
      return result;
    });
  }
}
