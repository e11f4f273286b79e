// The event log: every state change that a partner may want to hear about is
// recorded here in the same transaction as the change, with the API
// representation of the object at that moment, and with it one webhook
// delivery per enabled endpoint of the owner that subscribes to the type
// (src/webhooks/ delivers them). Both are deferred writes: they travel with
// the transaction's next statement or its COMMIT, at no round trip of their own.
import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import type { Sql } from '../database/sql';

export interface EventInput {
  type: string;
  /** "merchant:<id>" for a merchant's objects, "platform" for the operator's. */
  owner: string;
  object: { id: string } & Record<string, unknown>;
}

@Injectable()
export class EventsService {
  /** Records the event in the transaction that `sql` belongs to (a deferred write: see Sql.defer). */
  record(sql: Sql, event: EventInput): string {
    const id = newId('event');
    sql.defer(
      'INSERT INTO events (id, type, owner, object_id, data) VALUES ($1::text, $2::text, $3::text, $4::text, $5::jsonb)',
      [id, event.type, event.owner, event.object.id, JSON.stringify({ object: event.object })],
    );
    sql.defer(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
       SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), $1::text, e.id, now()
         FROM webhook_endpoints e
        WHERE e.owner = $2::text AND e.status = 'enabled' AND e.enabled_events && ARRAY[$3::text, '*']`,
      [id, event.owner, event.type],
    );
    return id;
  }
}
