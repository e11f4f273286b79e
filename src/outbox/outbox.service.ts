// The transactional outbox: work to do after a transaction commits is written
// as a row in that same transaction, so it exists if and only if the business
// change does. The worker's relay (outbox.relay.ts) hands rows to BullMQ.
import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import type { Sql } from '../database/sql';

export interface OutboxMessageInput {
  queue: string;
  /** The BullMQ job name, which selects the handler within the queue. */
  name: string;
  payload: Record<string, unknown>;
  /** Not before this time (delayed jobs, e.g. settlement after a delay). */
  runAt?: Date;
}

/** Every job that came through the outbox carries its row id. */
export interface OutboxJobData {
  outboxId: string;
  payload: Record<string, unknown>;
}

@Injectable()
export class OutboxService {
  /** Writes a message in the transaction `sql` belongs to (a deferred write: see Sql.defer); returns its id, which becomes the BullMQ job id. */
  enqueue(sql: Sql, message: OutboxMessageInput): string {
    const id = newId('outboxMessage');
    sql.defer(
      `INSERT INTO outbox_messages (id, queue, job_name, payload, run_at)
       VALUES ($1::text, $2::text, $3::text, $4::jsonb, COALESCE($5::timestamptz, now()))`,
      [id, message.queue, message.name, JSON.stringify(message.payload), message.runAt ?? null],
    );
    return id;
  }
}
