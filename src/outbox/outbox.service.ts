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
    return this.enqueueMany(sql, [message])[0];
  }

  /** Writes the messages with one deferred statement; returns their ids, in order. */
  enqueueMany(sql: Sql, messages: readonly OutboxMessageInput[]): string[] {
    const rows = messages.map((message) => ({
      id: newId('outboxMessage'),
      queue: message.queue,
      job_name: message.name,
      payload: message.payload,
      run_at: message.runAt?.toISOString() ?? null,
    }));
    if (rows.length === 0) return [];
    sql.defer(
      `INSERT INTO outbox_messages (id, queue, job_name, payload, run_at)
       SELECT u.id, u.queue, u.job_name, u.payload, COALESCE(u.run_at, now())
         FROM jsonb_to_recordset($1::jsonb) AS u(id text, queue text, job_name text, payload jsonb, run_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    return rows.map((r) => r.id);
  }
}
