// Delivering events to partners, in the worker.
//
// The database is the truth: a delivery row is created with its event (in the
// same transaction, see EventsService) and stays `pending` until an attempt
// succeeds or its retries run out. The dispatcher leases due deliveries to a
// worker, which makes the attempts (webhooks.jobs.ts); a delivery leased to a
// worker killed mid-delivery is leased again when its lease expires.
// So every event is delivered at least once; a receiver may see it twice
// (same `webhook-id`) and should deduplicate on that header.
//
// Fairness: the dispatcher shares the worker's slots by owner (a merchant, or
// the platform). Each owner has at most WEBHOOK_MAX_IN_FLIGHT_PER_OWNER
// deliveries in flight, each endpoint MAX_IN_FLIGHT_PER_ENDPOINT, and each
// pass hands over due deliveries in turns: the owner with the fewest in
// flight first, round-robin between an owner's endpoints, oldest first
// within one. A worker leases no more than it has free slots (and a few held
// ahead), so no backlog builds up that a newly busy owner would wait behind.
//
// An attempt: POST the event, signed per Standard Webhooks, through
// safe-http.ts (no private addresses, no redirects, WEBHOOK_CONNECT_TIMEOUT_MS
// and WEBHOOK_TIMEOUT_MS, a bounded read, every answer cleaned before it is
// stored). 2xx succeeds. 410 Gone disables the endpoint. Anything else
// (another status, a redirect, a network error, a timeout) is retried after
// the next delay of WEBHOOK_RETRY_SCHEDULE_SECONDS with +-10 % jitter, or
// after Retry-After when a 429 or 503 asks for longer (at most a day,
// MAX_RETRY_AFTER_SECONDS); when the schedule is
// used up the delivery is `failed` (POST /v1/events/{id}/redeliver sends it
// again). An endpoint whose attempts have all failed for
// WEBHOOK_DISABLE_AFTER_HOURS is disabled, with a webhook_endpoint.disabled event.
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import { textArray, type Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import type { WebhookEndpoint } from '../generated/prisma/client';
import { newId, unixSeconds } from '../common/ids';
import { batchLoader } from '../common/batch-loader';
import { SealedValueError } from '../common/secret-box';
import type { LeasedDelivery } from './webhook-dispatcher';
import { BlockedAddressError, postJson, storableText, type PostResult } from './safe-http';
import { WebhookSecrets } from './webhook-secrets';
import { signatureHeader } from './webhook-signing';
import { endpointView, eventView } from './webhooks.view';

export { DISPATCH_BATCH, MAX_IN_FLIGHT_PER_ENDPOINT, type LeasedDelivery } from './webhook-dispatcher';

/** Longest error text kept for an attempt. */
const MAX_ERROR_LENGTH = 500;

interface DeliveryRow {
  status: string;
  attempts: number;
  endpoint_id: string;
  url: string;
  endpoint_status: string;
  owner: string;
  /** Sealed (WebhookSecrets.open gives the secret). */
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  event_id: string;
  type: string;
  created_at: Date;
  data: { object: Record<string, unknown> };
}

export type AttemptOutcome = 'succeeded' | 'retrying' | 'failed' | 'endpoint_disabled' | 'stale';

@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);
  /** Concurrent jobs read their deliveries in one statement... */
  private readonly loader = batchLoader<string, DeliveryRow | undefined>((ids) => this.load(ids));
  /** ...and record their successes in one (a success that could not be recorded fails its own caller). */
  private readonly successes = batchLoader<unknown[], boolean>((rows) => this.recordSuccesses(rows));

  constructor(
    private readonly db: DatabaseService,
    private readonly events: EventsService,
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
  ) {}

  private async load(ids: readonly string[]): Promise<(DeliveryRow | undefined)[]> {
    const rows = await this.db.sql.query<DeliveryRow & { id: string }>(
      `SELECT d.id, d.status::text AS status, d.attempts, d.endpoint_id, e.url, e.status::text AS endpoint_status,
              e.owner, e.secret, e.previous_secret, e.previous_secret_expires_at,
              ev.id AS event_id, ev.type, ev.created_at, ev.data
         FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id
         JOIN events ev ON ev.id = d.event_id
        WHERE d.id = ANY($1::text[])`,
      [textArray(ids)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id));
  }

  /** Makes one attempt and records it; returns what became of the delivery. */
  async deliver({ deliveryId, attempt }: Pick<LeasedDelivery, 'deliveryId' | 'attempt'>): Promise<AttemptOutcome> {
    const row = await this.loader.load(deliveryId);
    if (!row || row.status !== 'pending' || row.attempts !== attempt - 1) return 'stale';
    if (row.endpoint_status !== 'enabled') {
      await this.db.sql.query(
        `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint_disabled', leased_until = NULL,
                updated_at = now() WHERE id = $1::text AND status = 'pending'`,
        [deliveryId],
      );
      return 'endpoint_disabled';
    }
    const body = JSON.stringify(
      eventView({ id: row.event_id, type: row.type, createdAt: row.created_at, data: row.data }),
    );
    const timestamp = unixSeconds(new Date());
    let secrets: string[];
    try {
      secrets = [this.secrets.open(row.endpoint_id, row.secret)];
      if (
        row.previous_secret &&
        row.previous_secret_expires_at &&
        row.previous_secret_expires_at.getTime() > Date.now()
      ) {
        secrets.push(this.secrets.open(row.endpoint_id, row.previous_secret));
      }
    } catch (e) {
      if (!(e instanceof SealedValueError)) throw e;
      // A master key removed too early: recorded as a failed attempt (so retries and disabling
      // apply), never left to be handed over again and again with nothing recorded.
      this.logger.error(`webhook endpoint ${row.endpoint_id}: signing secret cannot be opened: ${e.message}`);
      return this.record(deliveryId, attempt, row, null, 'signing secret unavailable', 0);
    }
    const started = performance.now();
    let response: PostResult | null = null;
    let error: string | null = null;
    try {
      response = await postJson(
        row.url,
        {
          'content-type': 'application/json',
          'user-agent': 'Tally-Webhooks/1',
          'webhook-id': row.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(secrets, row.event_id, timestamp, body),
        },
        body,
        {
          timeoutMs: this.config.webhookTimeoutMs,
          connectTimeoutMs: this.config.webhookConnectTimeoutMs,
          allowLoopback: this.config.webhookAllowLoopback,
          pool: row.owner,
          maxSockets: this.config.webhookMaxInFlightPerOwner,
        },
      );
    } catch (e) {
      // The merchant sees the refusal; only the operator sees which address it was.
      if (e instanceof BlockedAddressError) this.logger.warn(`webhook endpoint ${row.endpoint_id}: ${e.detail}`);
      error = storableText((e as Error).message || 'network error', MAX_ERROR_LENGTH);
    }
    const latencyMs = Math.round(performance.now() - started);
    return this.record(deliveryId, attempt, row, response, error, latencyMs);
  }

  private async record(
    deliveryId: string,
    attempt: number,
    row: DeliveryRow,
    response: PostResult | null,
    error: string | null,
    latencyMs: number,
  ): Promise<AttemptOutcome> {
    const status = response?.status ?? null;
    const succeeded = status !== null && status >= 200 && status < 300;
    const gone = status === 410;
    const schedule = this.config.webhookRetryScheduleSeconds;
    const retries = !succeeded && !gone && attempt <= schedule.length;
    let nextRetryAt: Date | null = null;
    if (retries) {
      const jittered = schedule[attempt - 1] * (0.9 + Math.random() * 0.2);
      const asked = status === 429 || status === 503 ? (response?.retryAfterSeconds ?? 0) : 0;
      nextRetryAt = new Date(Date.now() + Math.max(jittered, asked) * 1000);
    }
    const outcome: AttemptOutcome = succeeded ? 'succeeded' : retries ? 'retrying' : 'failed';
    const attemptRow = [
      newId('webhookAttempt'),
      deliveryId,
      row.endpoint_id,
      row.event_id,
      status,
      error ?? (!succeeded && status !== null && status >= 300 && status < 400 ? 'redirect not followed' : null),
      latencyMs,
      response ? response.excerpt : null,
      nextRetryAt,
    ];
    // Only the attempt the delivery expects changes it (a redelivery, or a
    // second hand-over of the same attempt, may have moved it on); the
    // attempt itself is always recorded, it happened.
    const recordAttempt = `INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, event_id, status_code, error,
                                                          latency_ms, response_excerpt, next_retry_at)
         VALUES ($1::text, $2::text, $3::text, $4::text, $5::int, $6::text, $7::int, $8::text, $9::timestamptz)`;
    const updateDelivery = `UPDATE webhook_deliveries
            SET attempts = $10::int, status = $11::webhook_delivery_status, next_attempt_at = $9::timestamptz,
                leased_until = NULL, last_status_code = $5::int, last_error = $6::text,
                delivered_at = CASE WHEN $11::text = 'succeeded' THEN now() ELSE delivered_at END, updated_at = now()
          WHERE id = $2::text AND status = 'pending' AND attempts = $10::int - 1
          RETURNING id`;
    const values = [...attemptRow, attempt, outcome === 'retrying' ? 'pending' : outcome];
    if (succeeded) {
      return (await this.successes.load(values)) ? 'succeeded' : 'stale';
    }
    const recordFailure = (rowValues: unknown[]) =>
      this.db.sqlTransaction(async (sql) => {
        const [{ changed }] = await sql.query<{ changed: boolean }>(
          `WITH attempt AS (${recordAttempt}), delivery AS (${updateDelivery})
           SELECT EXISTS (SELECT 1 FROM delivery) AS changed`,
          rowValues,
        );
        if (!changed) return 'stale';
        await this.noteFailure(sql, row, gone);
        return outcome;
      });
    try {
      return await recordFailure(values);
    } catch (error) {
      // What the receiver sent is cleaned before it gets here; should it still be refused, the attempt
      // is recorded without it rather than not at all (an unrecorded attempt would be made again and
      // again, out of reach of the retry schedule and of disabling).
      this.logger.error(`recording attempt ${attemptRow[0]} failed, recording it without the response: ${error}`);
      return recordFailure(withoutResponseText(values));
    }
  }

  /**
   * Successful attempts of many jobs, usually of many owners, in one
   * statement. Returns, per input, whether its delivery changed, or the error
   * that kept it from being recorded. One row must never cost the others
   * their record (they would be delivered again when their leases ran out):
   * if the shared statement fails, each row is recorded on its own, and a row
   * that still fails is recorded without the receiver's text.
   */
  private async recordSuccesses(inputs: readonly unknown[][]): Promise<(boolean | Error)[]> {
    try {
      return await this.recordSuccessRows(inputs);
    } catch (error) {
      if (inputs.length > 1) this.logger.error(`recording ${inputs.length} successes together failed: ${error}`);
    }
    return Promise.all(
      inputs.map(async (values) => {
        try {
          return (await this.recordSuccessRows([values]))[0];
        } catch (error) {
          this.logger.error(`recording attempt ${values[0]} failed, recording it without the response: ${error}`);
          return this.recordSuccessRows([withoutResponseText(values)]).then(
            ([changed]) => changed,
            (last: unknown) => (last instanceof Error ? last : new Error(String(last))),
          );
        }
      }),
    );
  }

  /**
   * The shared statement: the attempt rows, the deliveries they complete
   * (only where the attempt is the one expected) and the endpoints' failure
   * streaks cleared. Returns, per input, whether its delivery changed.
   */
  private async recordSuccessRows(inputs: readonly unknown[][]): Promise<boolean[]> {
    const rows = inputs.map((v) => ({
      attempt_id: v[0],
      delivery_id: v[1],
      endpoint_id: v[2],
      event_id: v[3],
      status_code: v[4],
      latency_ms: v[6],
      excerpt: v[7],
      attempt: v[9],
    }));
    const changed = await this.db.sql.query<{ id: string }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(attempt_id text, delivery_id text, endpoint_id text,
                                                           event_id text, status_code int, latency_ms int,
                                                           excerpt text, attempt int)),
       attempt AS (
         INSERT INTO webhook_attempts (id, delivery_id, endpoint_id, event_id, status_code, latency_ms, response_excerpt)
         SELECT attempt_id, delivery_id, endpoint_id, event_id, status_code, latency_ms, excerpt FROM input),
       delivery AS (
         UPDATE webhook_deliveries d
            SET attempts = i.attempt, status = 'succeeded', next_attempt_at = NULL, leased_until = NULL,
                last_status_code = i.status_code, last_error = NULL, delivered_at = now(), updated_at = now()
           FROM input i
          -- The ANY lets the planner find the rows by primary key (it cannot count a function's rows).
          WHERE d.id = ANY($2::text[]) AND d.id = i.delivery_id AND d.status = 'pending'
            AND d.attempts = i.attempt - 1
         RETURNING d.id, d.endpoint_id),
       endpoint AS (
         UPDATE webhook_endpoints SET failing_since = NULL
          WHERE id IN (SELECT endpoint_id FROM delivery) AND failing_since IS NOT NULL)
       SELECT id FROM delivery`,
      [JSON.stringify(rows), textArray(rows.map((r) => r.delivery_id as string))],
    );
    const done = new Set(changed.map((c) => c.id));
    return rows.map((r) => done.has(r.delivery_id as string));
  }

  /** A failed attempt: 410 disables the endpoint at once; so does failing for WEBHOOK_DISABLE_AFTER_HOURS. */
  private async noteFailure(sql: Sql, row: DeliveryRow, gone: boolean): Promise<void> {
    // RETURNING what endpointView shows, so a disabling's event needs no second read.
    const [endpoint] = await sql.query<WebhookEndpoint>(
      `UPDATE webhook_endpoints
          SET failing_since = coalesce(failing_since, now()),
              status = CASE WHEN $2::boolean OR coalesce(failing_since, now()) <= now() - make_interval(hours => $3::int)
                            THEN 'disabled'::webhook_endpoint_status ELSE status END,
              disabled_reason = CASE WHEN $2::boolean THEN 'gone'
                                     WHEN coalesce(failing_since, now()) <= now() - make_interval(hours => $3::int)
                                     THEN 'failing' ELSE disabled_reason END,
              updated_at = now()
        WHERE id = $1::text AND status = 'enabled'
        RETURNING id, url, description, enabled_events AS "enabledEvents", status::text AS status,
                  disabled_reason AS "disabledReason", created_at AS "createdAt"`,
      [row.endpoint_id, gone, this.config.webhookDisableAfterHours],
    );
    if (endpoint?.status !== 'disabled') return;
    this.logger.warn(`webhook endpoint ${endpoint.id} disabled (${gone ? '410 Gone' : 'failing'})`);
    const view = endpointView(endpoint);
    this.events.record(sql, { type: 'webhook_endpoint.disabled', owner: row.owner, object: view });
  }

  /** Deletes events older than EVENT_RETENTION_DAYS (their deliveries and attempts go with them); returns how many. */
  async pruneEvents(now = new Date(), batchSize = 5_000): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.eventRetentionDays * 86_400_000);
    let total = 0;
    for (;;) {
      const rows = await this.db.sql.query<{ id: string }>(
        `DELETE FROM events WHERE id IN (
           SELECT id FROM events WHERE created_at < $1::timestamptz ORDER BY created_at LIMIT $2::int)
         RETURNING id`,
        [cutoff, batchSize],
      );
      total += rows.length;
      if (rows.length < batchSize) return total;
    }
  }
}

/** An attempt's values (see record) without the text that came from the receiver: the response excerpt. */
function withoutResponseText(values: unknown[]): unknown[] {
  const stripped = [...values];
  stripped[7] = null;
  return stripped;
}
