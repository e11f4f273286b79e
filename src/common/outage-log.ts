// A connection that cannot reach its service fails again at every reconnect
// attempt; logging each failure floods the log for as long as the outage
// lasts. An OutageLog logs one structured warning when a group of
// connections (Redis's command connection, the queue workers...) starts
// failing and one line when it works again, with how long it was down and
// how many failures it hid. Only failures to reach the service belong there
// (isConnectionError); any other error is a fault of its own, logged at error
// level (RepeatedErrorLog keeps one that repeats from flooding the log).
import { Logger } from '@nestjs/common';

/** Node's codes for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * PostgreSQL's SQLSTATEs for a server that cannot be reached or used: class
 * 08 (connection exception), 57P01..57P03 (shut down, crashed, starting up),
 * 53300 (too many connections).
 */
const POSTGRES_CONNECTION_STATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/**
 * Prisma's codes for a database it cannot use: P1001 (cannot reach), P1002
 * (timed out), P1017 (the server closed the connection). Through the pg
 * adapter a refused connection arrives without the socket error: as P1001,
 * or from a raw query as P2010 whose `meta.driverAdapterError.cause.kind`
 * says what happened.
 */
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1017']);
const PRISMA_ADAPTER_CONNECTION_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

/** What ioredis, node-postgres and PostgreSQL say when the connection is gone or cannot be made. */
const CONNECTION_MESSAGES = [
  /connection is closed/i, // ioredis
  /stream isn't writeable/i, // ioredis, offline queue off
  /max retries per request/i, // ioredis
  /^LOADING\b/, // Redis loading its dataset after a restart
  /connection terminated/i, // node-postgres
  /timeout exceeded when trying to connect/i, // node-postgres pool
  /connection error and is not queryable/i, // node-postgres
  /can't reach database server/i, // Prisma
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether `error` says a service could not be reached (a refused, reset or
 * timed-out connection, an unresolvable name, a closed connection, a
 * server shutting down), as opposed to a fault of the request or the code.
 * Looks into AggregateError (Node's connection attempts to several
 * addresses) and `cause`.
 */
export function isConnectionError(error: unknown, depth = 0): boolean {
  // By shape, not instanceof: errors may come from another realm (a vm context, as under Jest).
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, errors, cause, meta } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  if (typeof message !== 'string') return false;
  if (
    typeof code === 'string' &&
    (CONNECTION_CODES.has(code) || POSTGRES_CONNECTION_STATE.test(code) || PRISMA_CONNECTION_CODES.has(code))
  ) {
    return true;
  }
  const adapterKind = meta?.driverAdapterError?.cause?.kind;
  if (typeof adapterKind === 'string' && PRISMA_ADAPTER_CONNECTION_KINDS.has(adapterKind)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionError(inner, depth + 1))) return true;
  if (cause !== undefined && isConnectionError(cause, depth + 1)) return true;
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Logs errors at error level, each distinct message (numbers aside, so that
 * job ids do not make every one new) at most once per `intervalMs`; the next
 * line says how many repeats it hid.
 */
export class RepeatedErrorLog {
  private readonly logged = new Map<string, { at: number; hidden: number }>();

  constructor(
    private readonly logger: Pick<Logger, 'error'>,
    private readonly intervalMs = 60_000,
    private readonly maxMessages = 100,
  ) {}

  error(message: string, fields: Record<string, unknown> = {}): void {
    const key = message.replace(/\d+/g, '#');
    const now = Date.now();
    const last = this.logged.get(key);
    if (last && now - last.at < this.intervalMs) {
      last.hidden += 1;
      return;
    }
    this.logged.delete(key);
    // Oldest first (insertion order): bounded, however many distinct messages arrive.
    if (this.logged.size >= this.maxMessages) this.logged.delete(this.logged.keys().next().value!);
    this.logged.set(key, { at: now, hidden: 0 });
    const hidden = last?.hidden ? ` (${last.hidden} more like it since the last line)` : '';
    this.logger.error({ msg: `${message}${hidden}`, ...fields, ...(last?.hidden ? { repeats: last.hidden } : {}) });
  }
}

interface Outage {
  since: number;
  failures: number;
}

export class OutageLog {
  private outage: Outage | null = null;

  /** @param group what failed, as operators know it (`redis commands`, `queue workers`) */
  constructor(
    private readonly group: string,
    private readonly logger: Pick<Logger, 'warn' | 'log'> = new Logger('Connections'),
  ) {}

  /** A failure of the group: warned about if it starts an outage, counted otherwise. */
  failed(error: Error): void {
    if (this.outage) {
      this.outage.failures += 1;
      return;
    }
    this.outage = { since: Date.now(), failures: 1 };
    const code = (error as { code?: unknown }).code;
    this.logger.warn({
      msg: `${this.group} unavailable, retrying: ${error.message}`,
      group: this.group,
      error: error.message,
      ...(typeof code === 'string' ? { code } : {}),
    });
  }

  /** The group works (again): logged once if it was down. */
  recovered(): void {
    const outage = this.outage;
    if (!outage) return;
    this.outage = null;
    const seconds = Math.round((Date.now() - outage.since) / 1000);
    this.logger.log({
      msg: `${this.group} available again after ${seconds} s (${outage.failures} failed attempts)`,
      group: this.group,
      downSeconds: seconds,
      failures: outage.failures,
    });
  }
}

/**
 * The failures of one loop or group of workers that uses a service: a
 * failure to reach it is part of an outage (OutageLog: one warning, one line
 * when it works again), any other error is logged at error level, a
 * repeating one once a minute (RepeatedErrorLog).
 */
export class FailureLog {
  private readonly outage: OutageLog;
  private readonly errors: RepeatedErrorLog;

  /** @param group what fails, as operators know it (`queue workers`, `outbox relay`) */
  constructor(group: string, logger: Pick<Logger, 'warn' | 'log' | 'error'>) {
    this.outage = new OutageLog(group, logger);
    this.errors = new RepeatedErrorLog(logger);
  }

  /** `context` prefixes the message of an error that is not an outage. */
  failed(error: unknown, context: string, fields: Record<string, unknown> = {}): void {
    const cause = error instanceof Error ? error : new Error(String(error));
    if (isConnectionError(cause)) this.outage.failed(cause);
    else this.errors.error(`${context}: ${cause.message}`, { ...fields, stack: cause.stack });
  }

  /** The service answered: ends an outage (logged once) if there was one. */
  succeeded(): void {
    this.outage.recovered();
  }
}
