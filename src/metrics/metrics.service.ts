// Prometheus metrics: HTTP request durations by route and status, the depth
// of every Tally queue (read from Redis at scrape time), and webhook
// deliveries by outcome and latency (read from the database at scrape time,
// since the worker that makes them serves no HTTP). Each app
// instance has its own registry so that tests can run several in one process.
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DatabaseService } from '../database/database.service';
import { QueueRegistry } from '../queues/queue.registry';
import { QUEUE_NAMES } from '../queues/queue-names';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(queues: QueueRegistry, db: DatabaseService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tally_' });
    this.httpDuration = new Histogram({
      name: 'tally_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    new Gauge({
      name: 'tally_queue_jobs',
      help: 'Jobs in each BullMQ queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const name of Object.values(QUEUE_NAMES)) {
          const counts = await queues.get(name).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    this.registerWebhookMetrics(db);
  }

  private registerWebhookMetrics(db: DatabaseService): void {
    new Gauge({
      name: 'tally_webhook_deliveries',
      help: 'Webhook deliveries (one event to one endpoint) by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await db.sql.query<{ status: string; n: number }>(
          'SELECT status::text AS status, count(*)::int AS n FROM webhook_deliveries GROUP BY status',
        );
        for (const status of ['pending', 'succeeded', 'failed']) {
          this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
        }
      },
    });
    new Gauge({
      name: 'tally_webhook_attempts_last_5m',
      help: 'Webhook attempts in the last 5 minutes by outcome (success: a 2xx answer)',
      labelNames: ['outcome'],
      registers: [this.registry],
      async collect() {
        const [row] = await db.sql.query<{ success: number; failure: number }>(
          `SELECT count(*) FILTER (WHERE status_code BETWEEN 200 AND 299)::int AS success,
                  count(*) FILTER (WHERE status_code IS NULL OR status_code NOT BETWEEN 200 AND 299)::int AS failure
             FROM webhook_attempts WHERE created_at > now() - interval '5 minutes'`,
        );
        this.set({ outcome: 'success' }, row.success);
        this.set({ outcome: 'failure' }, row.failure);
      },
    });
    new Gauge({
      name: 'tally_webhook_attempt_latency_seconds_last_5m',
      help: 'Quantiles of webhook attempt latency over the last 5 minutes',
      labelNames: ['quantile'],
      registers: [this.registry],
      async collect() {
        const [row] = await db.sql.query<{ p50: number | null; p99: number | null }>(
          `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
                  percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
             FROM webhook_attempts WHERE created_at > now() - interval '5 minutes'`,
        );
        this.set({ quantile: '0.5' }, (row.p50 ?? 0) / 1000);
        this.set({ quantile: '0.99' }, (row.p99 ?? 0) / 1000);
      },
    });
  }

  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }
}
