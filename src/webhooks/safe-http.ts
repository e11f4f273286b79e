// The one HTTP client that calls partners' URLs, and the one place that turns
// what a partner answers into values fit to store.
//
// Addresses: only public unicast addresses may be called (see addressProblem),
// checked on the addresses a name resolves to at connect time (so a DNS answer
// that changes after validation does not get through) and on IP literals in
// the URL. A refusal tells the merchant only that the address is not public:
// what their host name resolves to inside our network is the operator's to
// know (BlockedAddressError.detail, logged), not theirs.
//
// Time: WEBHOOK_CONNECT_TIMEOUT_MS to open the connection (DNS, TCP and the
// TLS handshake), and WEBHOOK_TIMEOUT_MS for the whole exchange, so a
// receiver that hangs holds a worker slot for a bounded time.
//
// Answers: no redirects followed; at most MAX_RESPONSE_EXCERPT_BYTES of the
// body read; the status, Retry-After and excerpt are validated, parsed and
// cleaned (storableText) before they leave this file, so nothing a receiver
// sends can fail the statement that records it (PostgreSQL refuses NUL in
// text and unpaired surrogates in jsonb).
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { lookup as dnsLookup, promises as dnsPromises } from 'node:dns';
import { StringDecoder } from 'node:string_decoder';
import ipaddr from 'ipaddr.js';

/** IPv6 global unicast (RFC 4291 2.5.4): everything else is local, special or a translation of IPv4. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/**
 * Why `address` may not be called (the range it is in, as ipaddr.js names
 * it), or null if it may. Allowed: IPv4 `unicast` and IPv6 `unicast` inside
 * 2000::/3, and loopback only with `allowLoopback`. So private, CGNAT,
 * link-local (cloud metadata), unique-local, multicast, broadcast, reserved,
 * documentation and benchmarking ranges are refused, and so is every IPv6
 * form that carries an IPv4 address (IPv4-compatible ::a.b.c.d, SIIT,
 * 6to4, Teredo, NAT64 64:ff9b::/96 and 64:ff9b:1::/48) whatever that address
 * is: judging the embedded address would mean trusting a translator we do not
 * run. An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address itself, as
 * the operating system connects to it, and is judged as such.
 */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  // A zone (fe80::1%eth0) names a local interface.
  if (address.includes('%')) return 'scoped';
  // IPv6 goes through its canonical text (the URL standard's: hex only) first: ipaddr.js reads a dotted
  // tail such as ::127.0.0.1 (IPv4-compatible, ::7f00:1) as IPv4-mapped, and libuv writes those that way.
  let parsed = ipaddr.parse(family === 6 ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'loopback') return allowLoopback ? null : range;
  if (range !== 'unicast') return range;
  if (parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) return 'not global unicast';
  return null;
}

/** A refused address. `message` is for the merchant; `detail` (which address, why) is for the operator's log. */
export class BlockedAddressError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/**
 * The first address of a name's answer that may not be called, with why (addressProblem); null if every one
 * may. A name is refused when any of its addresses is: the connection could use any of them.
 */
export function refusedAddress(
  addresses: readonly string[],
  allowLoopback: boolean,
): { address: string; problem: string } | null {
  for (const address of addresses) {
    const problem = addressProblem(address, allowLoopback);
    if (problem) return { address, problem };
  }
  return null;
}

function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      const refused = refusedAddress(
        list.map((a) => a.address),
        allowLoopback,
      );
      if (refused) {
        const refusal = new BlockedAddressError(
          'refused: the host resolves to a non-public address',
          `${hostname} resolves to ${refused.address} (${refused.problem})`,
        );
        return callback(refusal, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

// Keep-alive connections: a partner's socket is reused across deliveries (a
// new TLS connection per event would cost more than the delivery). One pool
// per owner (and loopback setting), sized to the owner's share of deliveries
// in flight: owners never wait for each other's sockets, so hostile owners
// pointing many endpoints at a victim's receiver cannot crowd out the
// victim's own connections to it. A kept socket was connected through
// guardedLookup.
const agents = new Map<string, http.Agent>();
/** An idle kept socket is closed after this long, so that idle owners hold no connections. */
const IDLE_SOCKET_MS = 30_000;
/** Pools kept at most; past that the least recently used idle pool is closed and forgotten. */
const MAX_POOLS = 1_000;
function agentFor(protocol: string, options: PostOptions): http.Agent {
  const key = `${protocol}|${options.allowLoopback}|${options.pool}`;
  let agent = agents.get(key);
  if (agent) {
    // Most recently used last, so that the first idle pool in the map is the one used least lately.
    agents.delete(key);
    agents.set(key, agent);
    return agent;
  }
  if (agents.size >= MAX_POOLS) {
    for (const [oldKey, old] of agents) {
      if (Object.keys(old.sockets).length > 0 || Object.keys(old.requests).length > 0) continue;
      old.destroy();
      agents.delete(oldKey);
      break;
    }
  }
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    // As many kept as may be open: closing and reopening a connection per delivery costs more than
    // the delivery, and IDLE_SOCKET_MS closes what is no longer used.
    maxFreeSockets: options.maxSockets,
    // Applies to kept sockets (a request sets its own timeout when it takes one).
    timeout: IDLE_SOCKET_MS,
    lookup: guardedLookup(options.allowLoopback),
  };
  agent = protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  agents.set(key, agent);
  return agent;
}

/** Control characters (C0 with NUL, DEL, C1), except tab and newline. */
const CONTROLS = /[^\P{Cc}\t\n]/gu;
/** A surrogate without its other half (not valid Unicode; PostgreSQL's jsonb refuses it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text from outside, fit to store and show: control characters other than
 * tab and newline removed (NUL fails any PostgreSQL text; the others can
 * rewrite a terminal or a log line), unpaired surrogates
 * replaced by U+FFFD, at most `maxLength` UTF-16 units, cut between
 * characters (never inside a surrogate pair).
 */
export function storableText(text: string, maxLength: number): string {
  const clean = text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROLS, '');
  if (clean.length <= maxLength) return clean;
  const code = clean.charCodeAt(maxLength - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? maxLength - 1 : maxLength;
  return clean.slice(0, end);
}

/** The longest Retry-After honoured: a receiver may ask to be left alone for a day, not for ever. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

// The three HTTP-date forms a recipient must accept (RFC 9110 5.6.7), checked
// before Date.parse, which would take nearly anything ("-10" is 1 October 2001).
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Retry-After (RFC 9110 10.2.3) in whole seconds from `now`, between 0 and
 * MAX_RETRY_AFTER_SECONDS; null when absent or not one of its two forms
 * (delay-seconds: digits only, so "1e15", "-5" and "1.5" are not; or an
 * HTTP-date, a past one meaning 0).
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text), MAX_RETRY_AFTER_SECONDS);
  let at = NaN;
  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) at = Date.parse(text);
  // asctime has no zone and means GMT; Date.parse alone would read local time.
  else if (ASCTIME_DATE.test(text)) at = Date.parse(`${text} GMT`);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, Math.ceil((at - now) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

export interface PostResult {
  /** The response's status code (100..999; anything else rejects the post). */
  status: number;
  /** Retry-After in seconds, parsed and clamped (parseRetryAfter), when the response gave a valid one. */
  retryAfterSeconds: number | null;
  /** The first bytes of the body, decoded and cleaned (storableText), for the partner's debugging. */
  excerpt: string;
}

export interface PostOptions {
  /** The whole exchange: connecting, sending, the answer and the excerpt. */
  timeoutMs: number;
  /** Opening the connection: DNS, TCP and, for https, the TLS handshake. */
  connectTimeoutMs: number;
  allowLoopback: boolean;
  /** Whose connections these are (the endpoint's owner): each pool has its own sockets. */
  pool: string;
  /** Sockets a pool may open at once (the owner's share of deliveries in flight). */
  maxSockets: number;
}

export const MAX_RESPONSE_EXCERPT_BYTES = 1_024;

/** POSTs `body`; resolves with the response (any status), rejects on a network error, a timeout or a blocked address. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error('the URL is not valid'));
    }
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const problem = addressProblem(host, options.allowLoopback);
      if (problem) return reject(new BlockedAddressError('refused: the address is not public', `${host} (${problem})`));
    }
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) return reject(new Error('unsupported protocol'));
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
        lookup: guardedLookup(options.allowLoopback),
        timeout: options.timeoutMs,
        agent: agentFor(target.protocol, options),
      },
      (response) => {
        const status = response.statusCode;
        if (status === undefined || !Number.isInteger(status) || status < 100 || status > 999) {
          response.destroy();
          return fail(new Error('the response had no valid status code'));
        }
        // Bytes are decoded whole characters at a time: a multi-byte character cut by the byte limit is dropped.
        const decoder = new StringDecoder('utf8');
        let text = '';
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < MAX_RESPONSE_EXCERPT_BYTES) {
            const part = chunk.subarray(0, MAX_RESPONSE_EXCERPT_BYTES - kept);
            text += decoder.write(part);
            kept += part.length;
          }
          // Enough for debugging: stop reading a large body.
          if (kept >= MAX_RESPONSE_EXCERPT_BYTES) response.destroy();
        });
        const finish = () => {
          clearTimeout(deadline);
          const retryAfter = response.headers['retry-after'];
          resolve({
            status,
            retryAfterSeconds: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : undefined),
            excerpt: storableText(text, MAX_RESPONSE_EXCERPT_BYTES),
          });
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    const fail = (error: Error) => {
      clearTimeout(deadline);
      clearTimeout(connectDeadline);
      request.destroy(error);
      reject(error);
    };
    // The socket timeout covers idleness; this covers the whole exchange.
    const deadline = setTimeout(
      () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    let connectDeadline: NodeJS.Timeout | undefined;
    request.on('socket', (socket: Socket) => {
      // A kept-alive socket is already open; a new one gets WEBHOOK_CONNECT_TIMEOUT_MS to connect.
      if (!socket.connecting) return;
      connectDeadline = setTimeout(
        () => request.destroy(new Error(`could not connect within ${options.connectTimeoutMs} ms`)),
        options.connectTimeoutMs,
      );
      socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectDeadline));
    });
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(deadline);
      clearTimeout(connectDeadline);
      reject(error);
    });
    request.end(body);
  });
}

/** Why a URL's host cannot receive deliveries, as judged when an endpoint is registered. */
export type DestinationProblem =
  /** It is, or resolves to, a loopback address, and loopback is not allowed (WEBHOOK_ALLOW_LOOPBACK). */
  | 'loopback'
  /** It is, or resolves to, another non-public address: no setting allows it. */
  | 'not_public'
  /** The name has no A or AAAA record. */
  | 'unresolved'
  /** The name's DNS servers did not answer in time, or answered with an error. */
  | 'lookup_failed';

/** Names that are loopback by definition (RFC 6761 6.3): judged as such without asking DNS. */
const LOCALHOST = /^(.+\.)?localhost\.?$/i;

/**
 * Whether deliveries to `host` (a URL's hostname, IPv6 without brackets) would
 * be refused, judged now by the rule delivery applies (refusedAddress): an IP
 * literal as it is, a name on the A and AAAA records it has now. Delivery
 * judges again at every connection, because DNS answers change.
 *
 * The name is resolved with a c-ares `Resolver` of its own (one try,
 * `timeoutMs` per query, both queries at once), not the system's getaddrinfo
 * that delivery uses: getaddrinfo runs on libuv's four-thread pool and cannot
 * be cancelled, so names whose DNS servers never answer (any tenant can run
 * one) would hold the threads the API needs for crypto and files. The cost:
 * names known only to /etc/hosts or found through search domains do not
 * resolve here; such names are internal, and refused anyway, except
 * `localhost`, which is loopback without asking.
 */
export async function destinationProblem(
  host: string,
  allowLoopback: boolean,
  timeoutMs: number,
): Promise<{ problem: DestinationProblem; detail: string } | null> {
  const judge = (addresses: string[]) => {
    const refused = refusedAddress(addresses, allowLoopback);
    if (!refused) return null;
    return {
      problem: refused.problem === 'loopback' ? ('loopback' as const) : ('not_public' as const),
      detail: `${host} is ${refused.address} (${refused.problem})`,
    };
  };
  if (isIP(host)) return judge([host]);
  if (LOCALHOST.test(host)) return judge(['127.0.0.1', '::1']);
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
  const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const addresses = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  if (addresses.length > 0) return judge(addresses);
  // No address: the name (or its record type) does not exist, or DNS failed.
  const codes = answers.map((a) => (a.status === 'rejected' ? String((a.reason as { code?: unknown }).code) : 'empty'));
  const missing = codes.every((code) => ['ENOTFOUND', 'ENODATA', 'empty'].includes(code));
  return { problem: missing ? 'unresolved' : 'lookup_failed', detail: `${host}: ${codes.join(', ')}` };
}
