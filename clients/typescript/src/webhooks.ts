// Verifying what Tally POSTs to a webhook endpoint: Standard Webhooks
// signatures (`webhook-id`, `webhook-timestamp`, `webhook-signature`),
// checked with the standardwebhooks library, and the body typed as an event.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components } from './schema';

export type TallyEvent = components['schemas']['EventView'];

export { WebhookVerificationError };

/**
 * The event in a webhook request, once its signature and timestamp (within
 * 5 minutes) are verified with the endpoint's secret (`whsec_...`). Pass the
 * body exactly as received, before any JSON parsing. Throws
 * WebhookVerificationError otherwise: answer such a request with a 400.
 */
export function verifyWebhook(
  body: string | Buffer,
  headers: Headers | Record<string, string | string[] | undefined>,
  secret: string,
): TallyEvent {
  const flat: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new Webhook(secret).verify(typeof body === 'string' ? body : body.toString('utf8'), flat) as TallyEvent;
}
