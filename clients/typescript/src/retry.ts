// The fetch the client sends requests with: an Idempotency-Key on every POST
// (unless the caller chose one), and retries of what is safe to retry, always
// with the same key, so a retried POST has one effect.
//
// What is retried depends on the method, because a retry must not change the
// outcome:
// - POST (it carries its key) and GET: no response (refused, reset, a
//   timeout); 409 `idempotency_key_in_use` (the first attempt is still
//   running); 429; 500, 502, 503, 504.
// - PATCH and DELETE (no key: a lost response does not mean nothing
//   happened, and a second DELETE would answer 404 for a deletion that
//   succeeded): only when Tally surely did not act, a refused connection or
//   a 429 (refused before any work).
// The delay is exponential with full jitter (a random delay up to the cap),
// so clients that failed together do not retry together; a Retry-After is
// honoured as the least delay. `timeoutMs` limits each attempt's whole
// exchange, the body included.
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
  /** Each attempt's time limit, reading the body included (default 30 s). */
  timeoutMs?: number;
  /** How to wait (for tests and for custom schedulers); a caller's abort ends the wait anyway. */
  sleep?: (ms: number) => Promise<void>;
}

export interface SendOptions extends RetryOptions {
  /** The fetch to send with (default the global fetch). */
  fetch?: (request: Request) => Promise<Response>;
  /** Makes an Idempotency-Key (default a random UUID). */
  idempotencyKey?: () => string;
}

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Methods whose retry after a lost response cannot change the outcome. */
const RETRY_AFTER_ANY_FAILURE = new Set(['GET', 'HEAD', 'POST']);

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
    const anyFailure = RETRY_AFTER_ANY_FAILURE.has(request.method);
    const wait = (ms: number) => abortable(sleep(ms), request.signal);

    for (let attempt = 0; ; attempt += 1) {
      request.signal.throwIfAborted();
      const last = attempt >= maxRetries;
      const attemptRequest = new Request(request.url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
        credentials: request.credentials,
        redirect: request.redirect,
        keepalive: request.keepalive,
      });
      let response: Response;
      try {
        response = await send(attemptRequest);
      } catch (error) {
        // The caller's own abort is not a failure to retry.
        if (request.signal.aborted) throw error;
        if (last || !(anyFailure || isRefused(error))) {
          throw new TallyConnectionError(
            `${request.method} ${request.url}: no response after ${attempt + 1} attempt(s)`,
            {
              cause: error,
            },
          );
        }
        await wait(backoff(attempt, baseDelayMs, maxDelayMs));
        continue;
      }
      if (last || !(await isRetryable(response, anyFailure))) return response;
      const retryAfterMs = retryAfter(response);
      if (retryAfterMs !== null && retryAfterMs > maxRetryAfterMs) return response;
      await response.body?.cancel();
      await wait(Math.max(retryAfterMs ?? 0, backoff(attempt, baseDelayMs, maxDelayMs)));
    }
  };
}

async function isRetryable(response: Response, anyFailure: boolean): Promise<boolean> {
  if (response.status === 429) return true;
  if (!anyFailure) return false;
  if (RETRIED_STATUSES.has(response.status)) return true;
  if (response.status !== 409) return false;
  // Only the key's conflict: a 409 for the object's state is an answer, not a failure.
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === 'idempotency_key_in_use';
}

/** A connection that was refused: the request never reached Tally. */
function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

/** Retry-After in milliseconds (seconds, or an HTTP date as proxies send), or null when absent or unreadable. */
function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Full jitter: a random delay up to min(max, base x 2^attempt). */
function backoff(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}

/** `waiting`, ended early (rejected with the abort reason) when the caller aborts. */
function abortable(waiting: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    waiting.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
