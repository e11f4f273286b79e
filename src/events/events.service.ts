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
  object: { id: string };
}

@Injectable()
export class EventsService {
  /** Records the event in the transaction that `sql` belongs to (a deferred write: see Sql.defer). */
  record(sql: Sql, event: EventInput): string {
    return this.recordMany(sql, [event])[0];
  }

  /** Records the events, in order, with their deliveries: one deferred statement for all of them. */
  recordMany(sql: Sql, events: readonly EventInput[]): string[] {
    const rows = events.map((event) => ({
      id: newId('event'),
      type: event.type,
      owner: event.owner,
      object_id: event.object.id,
      data: { object: event.object },
    }));
    if (rows.length === 0) return [];
    // The deliveries' foreign key is checked at the end of the statement, after the events' insert.
    sql.defer(
      `WITH recorded AS (
         INSERT INTO events (id, type, owner, object_id, data)
         SELECT u.id, u.type, u.owner, u.object_id, u.data
           FROM jsonb_to_recordset($1::jsonb) AS u(id text, type text, owner text, object_id text, data jsonb)
         RETURNING id, type, owner)
       INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
       SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), r.id, e.id, now()
         FROM recorded r
         JOIN webhook_endpoints e
           ON e.owner = r.owner AND e.status = 'enabled' AND e.enabled_events && ARRAY[r.type, '*']`,
      [JSON.stringify(rows)],
    );
    return rows.map((row) => row.id);
  }
}
