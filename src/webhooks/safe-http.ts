// The one HTTP client that calls partners' URLs. It refuses to connect to
// loopback, private, link-local (cloud metadata lives there), multicast and
// other non-public addresses, checked on the addresses the name resolves to
// at connect time (so a DNS answer that changes after validation does not get
// through) and on IP literals in the URL. It follows no redirects, gives up
// after a timeout, and reads at most a few KiB of the response.
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';

const blocked = new BlockList();
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

export class BlockedAddressError extends Error {}

/** Why `address` may not be called, or null if it may. */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as IPv4.
  const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return addressProblem(mapped, allowLoopback);
  if (LOOPBACK.check(address, type)) return allowLoopback ? null : `${address} is a loopback address`;
  if (blocked.check(address, type)) return `${address} is not a public address`;
  return null;
}

function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as { address: string; family: number }[];
      for (const { address } of list) {
        const problem = addressProblem(address, allowLoopback);
        if (problem) return callback(new BlockedAddressError(`refused: ${hostname} resolves to ${problem}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

// Keep-alive connections, one pool per loopback setting: a partner's socket is
// reused across deliveries (a new TLS connection per event would cost more
// than the delivery). A kept socket was connected through guardedLookup.
const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, allowLoopback: boolean): http.Agent {
  const key = `${protocol}|${allowLoopback}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, lookup: guardedLookup(allowLoopback) };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

export interface PostResult {
  status: number;
  /** Retry-After in seconds, when the response gave one. */
  retryAfterSeconds: number | null;
  /** The first bytes of the body, for the partner's debugging. */
  excerpt: string;
}

export const MAX_RESPONSE_EXCERPT_BYTES = 1_024;

/** POSTs `body`; resolves with the response (any status), rejects on a network error, a timeout or a blocked address. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowLoopback: boolean },
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
      if (problem) return reject(new BlockedAddressError(`refused: ${problem}`));
    }
    const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!client) return reject(new Error(`unsupported protocol ${target.protocol}`));
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
        lookup: guardedLookup(options.allowLoopback),
        timeout: options.timeoutMs,
        agent: agentFor(target.protocol, options.allowLoopback),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < MAX_RESPONSE_EXCERPT_BYTES) {
            chunks.push(chunk.subarray(0, MAX_RESPONSE_EXCERPT_BYTES - kept));
            kept += Math.min(chunk.length, MAX_RESPONSE_EXCERPT_BYTES - kept);
          } else {
            // Enough for debugging: stop reading a large body.
            response.destroy();
          }
        });
        const finish = () => {
          clearTimeout(deadline);
          const retryAfter = Number(response.headers['retry-after']);
          resolve({
            status: response.statusCode ?? 0,
            retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
            excerpt: Buffer.concat(chunks).toString('utf8'),
          });
        };
        response.on('end', finish);
        response.on('close', finish);
        response.on('error', finish);
      },
    );
    // The socket timeout covers idleness; this covers the whole exchange.
    const deadline = setTimeout(
      () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    request.end(body);
  });
}
