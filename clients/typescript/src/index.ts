// The typed Tally client: openapi-fetch over the types generated from Tally's
// OpenAPI document (schema.ts), with the layer a payment client needs:
// idempotency keys and safe retries (retry.ts), typed errors (errors.ts),
// pagination (pagination.ts) and webhook verification (webhooks.ts).
import createClient, { type Client } from 'openapi-fetch';
import { retryingFetch, type SendOptions } from './retry';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';
export { TallyConnectionError, TallyError, unwrap } from './errors';
export type { ApiErrorDetail, ApiResult, DataOf } from './errors';
export { autoPaginate, type ItemOf, type Page } from './pagination';
export { type RetryOptions, retryingFetch, type SendOptions } from './retry';
export { type TallyEvent, verifyWebhook, WebhookVerificationError } from './webhooks';

/** A schema of the document by name: `Schema<'PaymentIntentView'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type TallyClient = Client<paths>;

export interface TallyClientOptions extends SendOptions {
  /** Where Tally is, e.g. `https://api.example.com` (the paths start with /v1). */
  baseUrl: string;
  /** The operator key, a merchant secret key (`sk_...`) or a customer access token (`ct_...`). */
  apiKey: string;
}

/**
 * A client for one principal:
 *
 *   const tally = createTallyClient({ baseUrl, apiKey: 'sk_...' });
 *   const intent = await unwrap(tally.POST('/v1/payment_intents', { body: { amount: 1099, currency: 'cny' } }));
 */
export function createTallyClient(options: TallyClientOptions): TallyClient {
  const { baseUrl, apiKey, ...send } = options;
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: { Authorization: `Bearer ${apiKey}` },
    fetch: retryingFetch(send),
  });
}
