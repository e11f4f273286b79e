// A merchant's checkout backend on the typed client (@tally/client): the
// shop creates a payment intent for an order and shows its QR code, the
// customer's wallet app pays it, Tally's webhook tells the shop (verified
// with the endpoint's secret), and the shop can refund the order.
//
// Run against a running Tally (`npm start`, then `npm run seed` prints a
// merchant key):
//   TALLY_URL=http://127.0.0.1:3000 TALLY_SECRET_KEY=sk_... \
//     npx tsx --tsconfig examples/tsconfig.json examples/merchant-checkout.ts
// test/examples.spec.ts runs it in the test suite.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTallyClient,
  type Schema,
  type TallyClient,
  unwrap,
  verifyWebhook,
  WebhookVerificationError,
} from '@tally/client';

export interface Order {
  id: string;
  amount: number;
  status: 'awaiting_payment' | 'paid' | 'refunded';
  paymentIntent: string;
}

export class MerchantCheckout {
  readonly orders = new Map<string, Order>();
  private readonly tally: TallyClient;
  private webhookSecret: string | undefined;
  private server: Server | undefined;

  constructor(options: { baseUrl: string; secretKey: string }) {
    this.tally = createTallyClient({ baseUrl: options.baseUrl, apiKey: options.secretKey });
  }

  /**
   * Starts the shop's webhook receiver on `host` and registers it with
   * Tally for the events the shop acts on. Returns the receiver's URL.
   */
  async listenForWebhooks(host = '127.0.0.1', port = 0): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.statusCode = this.handleWebhook(Buffer.concat(chunks).toString('utf8'), req.headers);
        res.end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const url = `http://${host}:${(server.address() as AddressInfo).port}/tally-webhooks`;
    const endpoint = await unwrap(
      this.tally.POST('/v1/webhook_endpoints', {
        body: { url, enabled_events: ['payment_intent.succeeded', 'refund.succeeded'], description: 'Example shop' },
      }),
    );
    // Shown once: keep it with the shop's other secrets.
    this.webhookSecret = endpoint.secret;
    return url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A payment intent for the order (one per order however often this is retried) and its QR code as SVG. */
  async startCheckout(
    orderId: string,
    amount: number,
  ): Promise<{ paymentIntent: Schema<'PaymentIntentView'>; qrSvg: string }> {
    const paymentIntent = await unwrap(
      this.tally.POST('/v1/payment_intents', {
        body: { amount, currency: 'cny', description: `Order ${orderId}`, metadata: { order_id: orderId } },
        // The order's own key: a second click or a crash-and-retry finds the same intent instead of making another.
        headers: { 'Idempotency-Key': `checkout-${orderId}` },
      }),
    );
    this.orders.set(orderId, { id: orderId, amount, status: 'awaiting_payment', paymentIntent: paymentIntent.id });
    const qrSvg = await unwrap(
      this.tally.GET('/v1/payment_intents/{id}/qr.svg', {
        params: { path: { id: paymentIntent.id } },
        parseAs: 'text',
      }),
    );
    return { paymentIntent, qrSvg };
  }

  /** Handles one webhook request; returns the HTTP status to answer with. */
  handleWebhook(body: string, headers: IncomingHttpHeaders): number {
    if (!this.webhookSecret) return 503;
    let event: Schema<'EventView'>;
    try {
      event = verifyWebhook(body, headers, this.webhookSecret);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return 400;
      throw error;
    }
    const object = event.data.object;
    if (event.type === 'payment_intent.succeeded' && object.object === 'payment_intent') {
      const order = this.orders.get(object.metadata.order_id ?? '');
      // Deliveries can repeat or arrive out of order: act only on a change this order still expects.
      if (order && order.status === 'awaiting_payment' && order.paymentIntent === object.id) order.status = 'paid';
    }
    if (event.type === 'refund.succeeded' && object.object === 'refund') {
      for (const order of this.orders.values()) {
        if (order.paymentIntent === object.payment_intent) order.status = 'refunded';
      }
    }
    return 200;
  }

  /** Refunds a paid order in full. */
  async refund(orderId: string): Promise<Schema<'RefundView'>> {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    return unwrap(
      this.tally.POST('/v1/refunds', {
        body: { payment_intent: order.paymentIntent, reason: 'requested_by_customer' },
        headers: { 'Idempotency-Key': `refund-${orderId}` },
      }),
    );
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.TALLY_URL ?? 'http://127.0.0.1:3000';
  const secretKey = process.env.TALLY_SECRET_KEY;
  if (!secretKey) throw new Error('set TALLY_SECRET_KEY to a merchant secret key (npm run seed prints one)');
  const shop = new MerchantCheckout({ baseUrl, secretKey });
  console.log(`webhooks at ${await shop.listenForWebhooks()}`);
  const orderId = `order-${Date.now()}`;
  const { paymentIntent } = await shop.startCheckout(orderId, 2_500);
  console.log(`order ${orderId}: pay ${paymentIntent.qr_code} from the wallet app (examples/wallet-app.ts)`);
  while (shop.orders.get(orderId)?.status !== 'paid') await new Promise((resolve) => setTimeout(resolve, 500));
  console.log(`order ${orderId} paid; refunding`);
  const refund = await shop.refund(orderId);
  console.log(`refund ${refund.id}: ${refund.status}`);
  await shop.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
