// A wallet app's flow on the typed client (@tally/client), as a customer
// with an access token (`ct_...`): top up from the bank card, send money to
// a friend by phone number, pay a shop's QR code, and read the statement.
//
// Run against a running Tally (`npm start`, then `npm run seed` prints a
// customer token):
//   TALLY_URL=http://127.0.0.1:3000 TALLY_CUSTOMER_TOKEN=ct_... TALLY_FRIEND_PHONE=+86... \
//     npx tsx --tsconfig examples/tsconfig.json examples/wallet-app.ts [tally://pay/pi_...]
// test/examples.spec.ts runs it in the test suite.
import { autoPaginate, createTallyClient, type Schema, type TallyClient, TallyError, unwrap } from '@tally/client';

/** What a shop's QR code says: `tally://pay/<payment intent id>`. */
const PAY_LINK = /^tally:\/\/pay\/(pi_[0-9A-Z]+)$/;

export class WalletApp {
  private readonly tally: TallyClient;

  constructor(
    options: { baseUrl: string; customerToken: string },
    private readonly pollIntervalMs = 250,
  ) {
    this.tally = createTallyClient({ baseUrl: options.baseUrl, apiKey: options.customerToken });
  }

  async balance(): Promise<Schema<'WalletView'>> {
    return unwrap(this.tally.GET('/v1/wallet'));
  }

  /** Pulls `amount` fen from the customer's bank card; resolves once the bank has answered (or after a minute). */
  async topUp(amount: number, waitMs = 60_000): Promise<Schema<'WalletTopUpView'>> {
    let topUp = await unwrap(this.tally.POST('/v1/wallet/top_ups', { body: { amount, currency: 'cny' } }));
    // The bank answers asynchronously; a real app would listen for wallet.top_up.* or refresh on screen.
    const deadline = Date.now() + waitMs;
    while (topUp.status === 'pending' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
      topUp = await unwrap(this.tally.GET('/v1/wallet/top_ups/{id}', { params: { path: { id: topUp.id } } }));
    }
    return topUp;
  }

  /** Sends money to whoever has this phone number; shows the recipient as Tally names them (masked). */
  async sendByPhone(phone: string, amount: number, note?: string): Promise<Schema<'WalletTransferView'>> {
    return unwrap(this.tally.POST('/v1/wallet/transfers', { body: { to: { phone }, amount, currency: 'cny', note } }));
  }

  /** Pays what a shop's QR code asks for: shows the shop and the amount, then confirms. */
  async payQrCode(scanned: string): Promise<Schema<'PayerPaymentIntentView'>> {
    const id = PAY_LINK.exec(scanned)?.[1];
    if (!id) throw new Error(`not a Tally payment code: ${scanned}`);
    const intent = await unwrap(this.tally.GET('/v1/payment_intents/{id}', { params: { path: { id } } }));
    // The customer's view of an intent is the payer's: the shop's name, the amount, nothing private to the shop.
    if (!('merchant' in intent) || typeof intent.merchant === 'string') throw new Error('not a payer view');
    console.log(`pay ${intent.amount} ${intent.currency} to ${intent.merchant.name}?`);
    return unwrap(this.tally.POST('/v1/payment_intents/{id}/confirm', { params: { path: { id } } }));
  }

  /** Every line of the statement, newest first, with the balance after each. */
  async statement(): Promise<Schema<'WalletTransactionView'>[]> {
    const lines: Schema<'WalletTransactionView'>[] = [];
    for await (const line of autoPaginate((starting_after) =>
      this.tally.GET('/v1/wallet/transactions', { params: { query: { limit: 100, starting_after } } }),
    )) {
      lines.push(line);
    }
    return lines;
  }
}

/** Tally's error, in words a wallet screen can show. */
export function describeError(error: unknown): string {
  if (!(error instanceof TallyError)) return 'Something went wrong; try again.';
  switch (error.code) {
    case 'insufficient_funds':
      return 'Not enough money in your wallet.';
    case 'wallet_frozen':
      return 'Your wallet is frozen; contact support.';
    case 'recipient_not_found':
      return 'Nobody with that phone number uses the wallet.';
    default:
      return `${error.message} (reference ${error.requestId ?? 'none'})`;
  }
}

async function main(): Promise<void> {
  const baseUrl = process.env.TALLY_URL ?? 'http://127.0.0.1:3000';
  const customerToken = process.env.TALLY_CUSTOMER_TOKEN;
  if (!customerToken) throw new Error('set TALLY_CUSTOMER_TOKEN to a customer token (npm run seed prints one)');
  const app = new WalletApp({ baseUrl, customerToken });
  try {
    const topUp = await app.topUp(10_000);
    console.log(`top-up ${topUp.id}: ${topUp.status}`);
    const friend = process.env.TALLY_FRIEND_PHONE;
    if (friend) {
      const sent = await app.sendByPhone(friend, 1_000, 'lunch');
      console.log(`sent ${sent.amount} to ${friend}: ${sent.id}`);
    }
    const scanned = process.argv[2];
    if (scanned) console.log(`paid: ${(await app.payQrCode(scanned)).status}`);
    for (const line of await app.statement()) {
      console.log(`${line.type.padEnd(12)} ${String(line.amount).padStart(8)}  balance ${line.balance}`);
    }
  } catch (error) {
    console.error(describeError(error));
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
