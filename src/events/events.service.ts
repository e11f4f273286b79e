// The event log: every state change that a partner may want to hear about is
// recorded here in the same transaction as the change, with the API
// representation of the object at that moment. The webhooks capability lists
// and delivers these; until it exists they are recorded and kept.
import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import type { Tx } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';

export interface EventInput {
  type: string;
  /** "merchant:<id>" for a merchant's objects, "platform" for the operator's. */
  owner: string;
  object: { id: string } & Record<string, unknown>;
}

@Injectable()
export class EventsService {
  async record(tx: Tx, event: EventInput): Promise<string> {
    const id = newId('event');
    await tx.event.create({
      data: {
        id,
        type: event.type,
        owner: event.owner,
        objectId: event.object.id,
        data: { object: event.object } as Prisma.InputJsonValue,
      },
    });
    return id;
  }
}
