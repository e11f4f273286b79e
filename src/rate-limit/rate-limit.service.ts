// Rate limits, on rate-limiter-flexible with counters in the shared store (see
// rate-limiter-store.ts). Two budgets:
//
// - requests: one budget per principal across all routes (RATE_LIMIT_REQUESTS
//   per RATE_LIMIT_WINDOW_SECONDS), and per client address on public routes;
// - failed authentications per client address (RATE_LIMIT_AUTH_FAILURES per
//   RATE_LIMIT_AUTH_FAILURE_WINDOW_SECONDS), checked before any credential is
//   looked up, so a flood of bad keys costs PostgreSQL nothing once spent.
//
// The algorithm is the library's fixed window, which opens at a key's first
// request and closes `duration` seconds later whatever happened in it: refused
// requests are counted but never extend the window, so a client that keeps
// sending past its limit gets its whole budget again in every window. At a
// window's edge a client can use the end of one budget and the start of the
// next, so a burst is bounded by twice the budget; in exchange a count is one
// atomic increment (sliding logs cost a sorted-set entry per request), and the
// same semantics exist on every store the library has, PostgreSQL included.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitError } from '../common/errors';
import { AppConfig } from '../config/configuration';
import { RATE_LIMITER_STORE, type RateLimiterStore } from './rate-limiter-store';

interface Budget {
  limiter: RateLimiterAbstract;
  /** Header values, built once. */
  limit: string;
  policy: string;
}

interface Count {
  allowed: boolean;
  remaining: number;
  msBeforeNext: number;
}

/** Addresses remembered as spent at most; the oldest is forgotten first. */
const MAX_SPENT_ADDRESSES = 100_000;
/** How long a credential that authenticated passes an address whose failure budget is spent. */
const TRUSTED_CREDENTIAL_MS = 10 * 60_000;
/** Credentials remembered as trusted at most; the oldest is forgotten first. */
const MAX_TRUSTED_CREDENTIALS = 100_000;
/** While the store is down, one count a second tries it again. */
const STORE_PROBE_INTERVAL_MS = 1_000;
/** While the store is down, the warning is repeated this often. */
const STORE_DOWN_WARNING_INTERVAL_MS = 60_000;

/** Whole seconds until `ms` from now have passed (Retry-After and RateLimit-Reset are delta-seconds). */
function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function budget(limiter: RateLimiterAbstract, points: number, windowSeconds: number): Budget {
  return { limiter, limit: String(points), policy: `${points};w=${windowSeconds}` };
}

@Injectable()
export class RateLimitService {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly requests: Budget;
  private readonly authFailures: Budget;
  /**
   * Addresses whose failure budget is spent, with the time (ms) it returns.
   * Kept in process so that the check before a credential lookup costs no
   * round trip: a request that authenticates makes one call to the store,
   * the principal's count. Another instance learns of a spent address from
   * the store after one failed lookup of its own.
   */
  private readonly spentAddresses = new Map<string, number>();
  /** SHA-256 of credentials that authenticated lately, with the time (ms) their trust ends. */
  private readonly trustedCredentials = new Map<string, number>();
  private storeDown: { since: number; warnedAt: number; probedAt: number; letThrough: number } | null = null;

  constructor(config: AppConfig, @Inject(RATE_LIMITER_STORE) store: RateLimiterStore) {
    const requests = config.rateLimitRequests;
    this.requests = budget(
      store({
        keyPrefix: `${config.queuePrefix}:rate-limit:requests`,
        points: requests,
        duration: config.rateLimitWindowSeconds,
        // A principal that has spent its budget is refused in process until the window closes.
        inMemoryBlockOnConsumed: requests,
      }),
      requests,
      config.rateLimitWindowSeconds,
    );
    this.authFailures = budget(
      store({
        keyPrefix: `${config.queuePrefix}:rate-limit:auth-failures`,
        points: config.rateLimitAuthFailures,
        duration: config.rateLimitAuthFailureWindowSeconds,
      }),
      config.rateLimitAuthFailures,
      config.rateLimitAuthFailureWindowSeconds,
    );
  }

  /**
   * Counts one request against the budget of `subject` (a principal's key,
   * or a client address on public routes); 429 once the budget is spent.
   */
  async admitRequest(subject: string, reply: FastifyReply): Promise<void> {
    const count = await this.count(this.requests, subject);
    if (!count) return;
    this.describe(reply, this.requests, count);
    if (!count.allowed) throw new RateLimitError(secondsUntil(count.msBeforeNext));
  }

  /**
   * Before any credential is looked up: 429 if `address` has spent its budget
   * of failed authentications, unless the credential (`credentialHash`, its
   * SHA-256) authenticated in this process lately. Many honest clients may
   * share one address (a carrier's NAT, an office); one of them looping on
   * an expired token must not lock the others out, and a credential that
   * just worked costs no guess to try again.
   */
  refuseAddressWithoutAuthBudget(address: () => string, reply: FastifyReply, credentialHash?: string): void {
    if (this.spentAddresses.size === 0) return;
    const key = address();
    const until = this.spentAddresses.get(key);
    if (until === undefined) return;
    if (credentialHash !== undefined && this.isTrustedCredential(credentialHash)) return;
    const msBeforeNext = until - Date.now();
    if (msBeforeNext <= 0) {
      this.spentAddresses.delete(key);
      return;
    }
    this.describe(reply, this.authFailures, { allowed: false, remaining: 0, msBeforeNext });
    throw new RateLimitError(
      secondsUntil(msBeforeNext),
      'too_many_authentication_failures',
      'Too many requests with missing or invalid credentials from this address; retry after the Retry-After interval.',
    );
  }

  /** A credential that authenticated: trusted for TRUSTED_CREDENTIAL_MS by refuseAddressWithoutAuthBudget. */
  trustCredential(credentialHash: string): void {
    // Renewed only once half its trust has run out: most requests change nothing here.
    const until = this.trustedCredentials.get(credentialHash);
    if (until !== undefined && until - Date.now() > TRUSTED_CREDENTIAL_MS / 2) return;
    if (this.trustedCredentials.size >= MAX_TRUSTED_CREDENTIALS) {
      // Oldest first (a Map keeps insertion order, and a trusted credential is re-inserted when renewed).
      this.trustedCredentials.delete(this.trustedCredentials.keys().next().value as string);
    }
    this.trustedCredentials.delete(credentialHash);
    this.trustedCredentials.set(credentialHash, Date.now() + TRUSTED_CREDENTIAL_MS);
  }

  private isTrustedCredential(credentialHash: string): boolean {
    const until = this.trustedCredentials.get(credentialHash);
    return until !== undefined && until > Date.now();
  }

  /** Counts a failed authentication from `address`; the response is still the authentication error. */
  async countAuthenticationFailure(address: string, reply: FastifyReply): Promise<void> {
    const count = await this.count(this.authFailures, address);
    if (!count) return;
    this.describe(reply, this.authFailures, count);
    if (count.remaining === 0) this.rememberSpent(address, Date.now() + count.msBeforeNext);
  }

  /** One count in the store; null when the store cannot answer (the request is let through). */
  private async count(budget: Budget, key: string): Promise<Count | null> {
    // While the store is down, one request a second tries it; the others go through at once,
    // so a store that hangs (each count waiting out its timeout) does not slow every request.
    const down = this.storeDown;
    if (down) {
      if (Date.now() - down.probedAt < STORE_PROBE_INTERVAL_MS) {
        down.letThrough += 1;
        return null;
      }
      down.probedAt = Date.now();
    }
    try {
      const counted = await budget.limiter.consume(key);
      if (this.storeDown) this.storeRecovered();
      return { allowed: true, remaining: counted.remainingPoints, msBeforeNext: counted.msBeforeNext };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { allowed: false, remaining: 0, msBeforeNext: rejection.msBeforeNext };
      }
      this.storeFailed(rejection);
      return null;
    }
  }

  /**
   * The IETF draft's RateLimit-Limit, -Remaining, -Reset (delta-seconds, as
   * Retry-After: immune to clock skew) and -Policy (`<limit>;w=<window>`), of
   * the budget that counted this request.
   */
  private describe(reply: FastifyReply, budget: Budget, count: Count): void {
    void reply
      .header('RateLimit-Limit', budget.limit)
      .header('RateLimit-Remaining', String(count.remaining))
      .header('RateLimit-Reset', String(secondsUntil(count.msBeforeNext)))
      .header('RateLimit-Policy', budget.policy);
  }

  private rememberSpent(address: string, until: number): void {
    if (this.spentAddresses.size >= MAX_SPENT_ADDRESSES) {
      const now = Date.now();
      for (const [known, knownUntil] of this.spentAddresses) if (knownUntil <= now) this.spentAddresses.delete(known);
      if (this.spentAddresses.size >= MAX_SPENT_ADDRESSES) {
        this.spentAddresses.delete(this.spentAddresses.keys().next().value as string);
      }
    }
    this.spentAddresses.set(address, until);
  }

  /**
   * The store is down: requests are let through, unlimited, with a warning.
   * Rate limits protect capacity; refusing every payment because the counter
   * store is down would be the bigger outage. Money never depends on them.
   */
  private storeFailed(error: unknown): void {
    const now = Date.now();
    if (!this.storeDown) this.storeDown = { since: now, warnedAt: 0, probedAt: now, letThrough: 0 };
    this.storeDown.letThrough += 1;
    if (now - this.storeDown.warnedAt < STORE_DOWN_WARNING_INTERVAL_MS) return;
    this.storeDown.warnedAt = now;
    this.logger.warn(
      `rate limits suspended, requests are let through: the counter store is unavailable ` +
        `(${(error as Error).message}); ${this.storeDown.letThrough} let through so far`,
    );
  }

  private storeRecovered(): void {
    const down = this.storeDown;
    this.storeDown = null;
    if (!down) return;
    this.logger.warn(
      `rate limits resumed after ${Math.round((Date.now() - down.since) / 1000)} s; ` +
        `${down.letThrough} requests were let through unlimited`,
    );
  }
}
