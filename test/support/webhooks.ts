// For the webhook suites: a partner's receiver that answers each path as its
// behaviour says (status, headers, body, a delay, or a promise to wait for)
// and records every request with the time it arrived; and events to deliver.
import { expect } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import type request from 'supertest';
import { bearer } from './test-env';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the whole request had arrived. */
  receivedAt: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Answer only once this settles (answers held this way go out together). */
  hold?: Promise<unknown>;
  body?: string | Buffer;
}

export class Receiver {
  readonly received: Received[] = [];
  behaviour = new Map<string, (n: number, request: Received) => Answer>();
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const request = { path, headers: req.headers, body, receivedAt: Date.now() };
      this.received.push(request);
      const n = this.received.filter((r) => r.path === path).length;
      const answer = this.behaviour.get(path)?.(n, request) ?? { status: 200 };
      void Promise.resolve(answer.hold).then(() =>
        setTimeout(() => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body ?? 'thanks');
        }, answer.delayMs ?? 0),
      );
    });
  });
  port = 0;

  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }
}

/** Creates a payment intent as the merchant `key`; returns its payment_intent.created event's id (the deliveries' webhook-id). */
export async function paymentIntentEvent(api: () => ReturnType<typeof request>, sql: pg.Pool, key: string) {
  const res = await api().post('/v1/payment_intents').set(bearer(key)).send({ amount: 1_000, currency: 'cny' });
  expect(res.status).toBe(200);
  const { rows } = await sql.query("SELECT id FROM events WHERE object_id = $1 AND type = 'payment_intent.created'", [
    res.body.id,
  ]);
  return rows[0].id as string;
}
