// The two examples of examples/ (a merchant's checkout backend and a wallet
// app), run against a real Tally over HTTP with the typed client: the API
// listening on a port, the worker delivering webhooks and answering top-ups
// through the sandbox bank. Every response is also checked against the
// OpenAPI document (test/support/contract.ts).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTallyClient, type TallyClient, TallyError, unwrap } from '@tally/client';
import type { AddressInfo } from 'node:net';
import { MerchantCheckout } from '../examples/merchant-checkout';
import { describeError, WalletApp } from '../examples/wallet-app';
import { createTestEnv, eventually, OPERATOR_KEY, type TestEnv } from './support/test-env';

let env: TestEnv;
let app: NestFastifyApplication;
let baseUrl: string;
let operator: TallyClient;

beforeAll(async () => {
  env = await createTestEnv({ WEBHOOK_DISPATCH_INTERVAL_MS: '20' });
  app = await env.startApi();
  await app.listen(0, '127.0.0.1');
  baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await env.startWorker();
  operator = createTallyClient({ baseUrl, apiKey: OPERATOR_KEY });
});

afterAll(async () => {
  await env.teardown();
});

/** A customer of the wallet, with an access token, through the operator's API. */
async function customer(phone: string, name: string) {
  const created = await unwrap(operator.POST('/v1/customers', { body: { phone, name, kyc_tier: 2 } }));
  const token = await unwrap(
    operator.POST('/v1/customers/{id}/tokens', { params: { path: { id: created.id } }, body: {} }),
  );
  return { id: created.id, phone, token: token.token };
}

describe('the merchant checkout and wallet app examples', () => {
  it('top up, send by phone, pay a QR code, get the webhook, refund, and read the statement', async () => {
    const merchant = await unwrap(operator.POST('/v1/merchants', { body: { name: 'Example Noodle Bar' } }));
    const shop = new MerchantCheckout({ baseUrl, secretKey: merchant.secret_key });
    await shop.listenForWebhooks();
    try {
      const alice = await customer('+8613800000101', 'Alice Example');
      const bob = await customer('+8613800000102', 'Bob Example');
      const wallet = new WalletApp({ baseUrl, customerToken: alice.token }, 25);

      const topUp = await wallet.topUp(10_000);
      expect([topUp.status, topUp.amount]).toEqual(['succeeded', 10_000]);

      const sent = await wallet.sendByPhone(bob.phone, 1_500, 'lunch');
      expect([sent.status, sent.amount, sent.recipient, sent.note]).toEqual(['succeeded', 1_500, bob.id, 'lunch']);

      const { paymentIntent, qrSvg } = await shop.startCheckout('order-1', 2_500);
      expect(qrSvg.startsWith('<svg') || qrSvg.startsWith('<?xml')).toBe(true);
      expect(paymentIntent.metadata).toEqual({ order_id: 'order-1' });
      // The order's key: a retried checkout is the same intent, not a second one.
      expect((await shop.startCheckout('order-1', 2_500)).paymentIntent.id).toBe(paymentIntent.id);

      const paid = await wallet.payQrCode(paymentIntent.qr_code);
      expect([paid.status, paid.amount_received]).toEqual(['succeeded', 2_500]);
      await eventually(async () => shop.orders.get('order-1')?.status === 'paid');

      const refund = await shop.refund('order-1');
      expect([refund.status, refund.amount, refund.payment_intent]).toEqual(['succeeded', 2_500, paymentIntent.id]);
      await eventually(async () => shop.orders.get('order-1')?.status === 'refunded');

      const statement = await wallet.statement();
      expect(statement.map((line) => [line.type, line.amount, line.balance])).toEqual([
        ['refund', 2_500, 8_500],
        ['payment', -2_500, 6_000],
        ['transfer_out', -1_500, 8_500],
        ['top_up', 10_000, 10_000],
      ]);
      const balance = await wallet.balance();
      expect(balance.balances.find((b) => b.currency === 'cny')?.available).toBe(8_500);
    } finally {
      await shop.close();
    }
  });

  it('refuses a forged webhook and turns Tally’s errors into words a wallet screen can show', async () => {
    const merchant = await unwrap(operator.POST('/v1/merchants', { body: { name: 'Example Tea Shop' } }));
    const shop = new MerchantCheckout({ baseUrl, secretKey: merchant.secret_key });
    await shop.listenForWebhooks();
    try {
      const forged = JSON.stringify({ id: 'evt_forged', type: 'payment_intent.succeeded' });
      const headers = { 'webhook-id': 'evt_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
      expect(shop.handleWebhook(forged, { ...headers, 'webhook-signature': 'v1,AAAA' })).toBe(400);

      const carol = await customer('+8613800000103', 'Carol Example');
      const wallet = new WalletApp({ baseUrl, customerToken: carol.token }, 25);
      const { paymentIntent } = await shop.startCheckout('order-2', 9_900);
      const declined = await wallet.payQrCode(paymentIntent.qr_code).catch((error: unknown) => error);
      expect(declined).toBeInstanceOf(TallyError);
      expect([(declined as TallyError).status, (declined as TallyError).code]).toEqual([402, 'insufficient_funds']);
      expect(describeError(declined)).toBe('Not enough money in your wallet.');

      const unknown = await wallet.sendByPhone('+8613800009999', 100).catch((error: unknown) => error);
      expect(describeError(unknown)).toBe('Nobody with that phone number uses the wallet.');
      expect(shop.orders.get('order-2')?.status).toBe('awaiting_payment');
    } finally {
      await shop.close();
    }
  });
});
