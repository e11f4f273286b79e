// The fetch the client sends requests with: an Idempotency-Key on every POST
// (unless the caller chose one), and retries of what is safe to retry, always
// with the same key, so a retried POST has one effect.
//
// Retried: no response (connection refused or reset, a timeout); 409
// `idempotency_key_in_use` (the first attempt is still running); 429,
// after Retry-After; 500, 502, 503, 504. Every method is retried: a POST
// carries its key, and Tally's GET, PATCH and DELETE are idempotent. The
// delay is exponential with full jitter (a random delay up to the cap), so
// clients that failed together do not retry together; a Retry-After is
// honoured as the least delay.
import { TallyConnectionError } from './errors';

export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 disables retrying). */
  maxRetries?: number;
  /** The first retry's delay cap, doubled each retry (default 250 ms). */
  baseDelayMs?: number;
  /** The largest delay cap (default 8 s). */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the response is returned (default 60 s). */
  maxRetryAfterMs?: number;
  /** Each attempt's time limit (default 30 s). */
  timeoutMs?: number;
  /** How to wait (for tests and for custom schedulers). */
  sleep?: (ms: number) => Promise<void>;
}

export interface SendOptions extends RetryOptions {
  /** The fetch to send with (default the global fetch). */
  fetch?: (request: Request) => Promise<Response>;
  /** Makes an Idempotency-Key (default a random UUID). */
  idempotencyKey?: () => string;
}

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** A fetch for openapi-fetch's `fetch` option that adds the key and retries. */
export function retryingFetch(options: SendOptions = {}): (request: Request) => Promise<Response> {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const maxRetries = options.maxRetries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const newKey = options.idempotencyKey ?? (() => globalThis.crypto.randomUUID());

  return async (request: Request) => {
    const headers = new Headers(request.headers);
    if (request.method === 'POST' && !headers.has('Idempotency-Key')) headers.set('Idempotency-Key', newKey());
    // Read once, sent on every attempt: a body stream can be read only once.
    const body = request.body ? await request.arrayBuffer() : undefined;

    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= maxRetries;
      const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]);
      let response: Response;
      try {
        response = await send(new Request(request.url, { method: request.method, headers, body, signal }));
      } catch (error) {
        // The caller's own abort is not a failure to retry.
        if (request.signal.aborted) throw error;
        if (last) {
          throw new TallyConnectionError(
            `${request.method} ${request.url}: no response after ${attempt + 1} attempts`,
            {
              cause: error,
            },
          );
        }
        await sleep(backoff(attempt, baseDelayMs, maxDelayMs));
        continue;
      }
      if (last || !(await isRetryable(response))) return response;
      const retryAfterMs = retryAfter(response);
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfterMs) return response;
      await response.body?.cancel();
      await sleep(Math.max(retryAfterMs ?? 0, backoff(attempt, baseDelayMs, maxDelayMs)));
    }
  };
}

async function isRetryable(response: Response): Promise<boolean> {
  if (RETRIED_STATUSES.has(response.status)) return true;
  if (response.status !== 409) return false;
  // Only the key's conflict: a 409 for the object's state is an answer, not a failure.
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === 'idempotency_key_in_use';
}

/** Retry-After in milliseconds (Tally sends seconds), or null when absent or unreadable. */
function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim()) * 1000;
}

/** Full jitter: a random delay up to min(max, base x 2^attempt). */
function backoff(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}
