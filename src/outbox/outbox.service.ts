// The transactional outbox: work to do after a transaction commits is written
// as a row in that same transaction, so it exists if and only if the business
// change does. The worker's relay (outbox.relay.ts) hands rows to BullMQ.
import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import type { Tx } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';

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
  /** Writes a message in `tx`; returns its id, which becomes the BullMQ job id. */
  async enqueue(tx: Tx, message: OutboxMessageInput): Promise<string> {
    const id = newId('outboxMessage');
    await tx.outboxMessage.create({
      data: {
        id,
        queue: message.queue,
        jobName: message.name,
        payload: message.payload as Prisma.InputJsonValue,
        ...(message.runAt ? { runAt: message.runAt } : {}),
      },
    });
    return id;
  }
}
