import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import {
  addressProblem,
  BlockedAddressError,
  destinationProblem,
  MAX_RESPONSE_EXCERPT_BYTES,
  MAX_RETRY_AFTER_SECONDS,
  parseRetryAfter,
  postJson,
  storableText,
} from './safe-http';

describe('destinationProblem (registration)', () => {
  it('judges IP literals and localhost names by the delivery rule, and names that do not resolve as such', async () => {
    const judge = async (host: string, allowLoopback: boolean) =>
      (await destinationProblem(host, allowLoopback, 1_000))?.problem ?? null;
    expect(await judge('93.184.216.34', false)).toBeNull();
    expect(await judge('2a00:1450::1', false)).toBeNull();
    expect(await judge('127.0.0.1', false)).toBe('loopback');
    expect(await judge('127.0.0.1', true)).toBeNull();
    expect(await judge('::1', false)).toBe('loopback');
    expect(await judge('localhost', false)).toBe('loopback');
    expect(await judge('Hooks.LocalHost.', false)).toBe('loopback');
    expect(await judge('localhost', true)).toBeNull();
    expect(await judge('10.0.0.1', true)).toBe('not_public');
    expect(await judge('169.254.169.254', true)).toBe('not_public');
    expect(await judge('fe80::1', true)).toBe('not_public');
    expect(await judge('notlocalhost', true)).toBe('unresolved');
    expect(await judge('no-such-host.invalid', true)).toBe('unresolved');
    // What it was, for the operator's log.
    expect((await destinationProblem('169.254.169.254', true, 1_000))?.detail).toBe(
      '169.254.169.254 is 169.254.169.254 (linkLocal)',
    );
  });
});

describe('addressProblem', () => {
  it('allows public unicast IPv4 and global unicast IPv6', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '1.1.1.1',
      '2606:2800:220:1:248:1893:25c8:1946',
      '2a00:1450::1',
    ]) {
      expect([address, addressProblem(address, false)]).toEqual([address, null]);
    }
  });

  it('refuses every non-public IPv4 range', () => {
    for (const [address, range] of [
      ['10.1.2.3', 'private'],
      ['172.20.0.1', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['169.254.169.254', 'linkLocal'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['192.0.0.8', 'reserved'],
      ['192.0.2.1', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['127.0.0.1', 'loopback'],
      ['127.8.9.10', 'loopback'],
    ]) {
      expect([address, addressProblem(address, false)]).toEqual([address, range]);
    }
  });

  it('refuses non-public IPv6, and every form that carries an IPv4 address except the mapped one', () => {
    for (const [address, range] of [
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'linkLocal'],
      ['fd00::1', 'uniqueLocal'],
      ['fc00::1', 'uniqueLocal'],
      ['ff02::1', 'multicast'],
      ['2001:db8::1', 'reserved'],
      ['fec0::1', 'deprecatedSiteLocal'],
      ['100::1', 'discard'],
      // IPv4-compatible (deprecated), for 127.0.0.1 and for a public address alike.
      ['::127.0.0.1', 'not global unicast'],
      ['::7f00:1', 'not global unicast'],
      ['::808:808', 'not global unicast'],
      // SIIT (RFC 6145), 6to4, NAT64 (well-known and local-use prefixes), Teredo.
      ['::ffff:0:7f00:1', 'rfc6145'],
      ['2002:7f00:1::1', '6to4'],
      ['2002:808:808::1', '6to4'],
      ['64:ff9b::7f00:1', 'rfc6052'],
      ['64:ff9b::a9fe:a9fe', 'rfc6052'],
      ['64:ff9b:1::a00:1', 'rfc6052'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
      // IPv4-mapped: judged as the IPv4 address it is.
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:169.254.169.254', 'linkLocal'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
    ]) {
      expect([address, addressProblem(address, false)]).toEqual([address, range]);
    }
    expect(addressProblem('::ffff:93.184.216.34', false)).toBeNull();
  });

  it('lets loopback through only when allowed, and never a translated form of it', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(addressProblem(address, true)).toBeNull();
    for (const address of ['::127.0.0.1', '::ffff:0:7f00:1', '2002:7f00:1::1', '64:ff9b::7f00:1', '10.0.0.1']) {
      expect([address, addressProblem(address, true)]).not.toEqual([address, null]);
    }
  });

  it('refuses what is not an IP address', () => {
    expect(addressProblem('localhost', true)).toBe('not an IP address');
    expect(addressProblem('0x7f.1', true)).toBe('not an IP address');
    expect(addressProblem('fe80::1%eth0', true)).toBe('scoped');
  });
});

describe('storableText', () => {
  it('removes NUL and the other control characters but tab and newline', () => {
    expect(storableText('ok\u0000ok\u0001\u001b[31m\r\n\tend\u007f\u009b1m\u00e9', 100)).toBe(
      'okok[31m\n\tend1m\u00e9',
    );
  });

  it('replaces unpaired surrogates and keeps pairs', () => {
    expect(storableText('a\ud800b\udc00c\ud83d\ude00', 100)).toBe('a\ufffdb\ufffdc\ud83d\ude00');
    expect(storableText('\ud83d', 100)).toBe('\ufffd');
  });

  it('cuts to the length between characters', () => {
    expect(storableText('x'.repeat(10), 4)).toBe('xxxx');
    // 'x' then emoji (two units each): a cut at 4 would split the second emoji.
    expect(storableText('x\ud83d\ude00\ud83d\ude00', 4)).toBe('x\ud83d\ude00');
    expect(storableText('\ud83d\ude00\ud83d\ude00', 4)).toBe('\ud83d\ude00\ud83d\ude00');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delay-seconds, clamped to the ceiling', () => {
    expect(parseRetryAfter('3', now)).toBe(3);
    expect(parseRetryAfter(' 120 ', now)).toBe(120);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('99999999999999999999999', now)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  it('refuses what is neither delay-seconds nor an HTTP-date', () => {
    for (const value of [undefined, '', '1e15', '-5', '1.5', 'soon', 'Infinity', 'NaN', '0x10', '-10', '2026-03-01']) {
      expect([value, parseRetryAfter(value, now)]).toEqual([value, null]);
    }
  });

  it('reads the three HTTP-date forms as GMT: a past date is 0, a far one the ceiling', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 14:00:00 GMT', now)).toBe(7_200);
    expect(parseRetryAfter('Sunday, 01-Mar-26 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun Mar  1 12:01:00 2026', now)).toBe(60);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(parseRetryAfter('Sun, 01 Mar 2026 14:00:00 PST', now)).toBeNull();
  });
});

describe('postJson', () => {
  const options = { timeoutMs: 5_000, connectTimeoutMs: 300, allowLoopback: true, pool: 'test', maxSockets: 8 };
  let silent: net.Server;
  const sockets = new Set<net.Socket>();
  let answering: http.Server;
  let answer: (res: http.ServerResponse, req: http.IncomingMessage) => void = (res) => res.end('ok');

  beforeAll(async () => {
    // Accepts connections and never says a word.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    answering = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res, req));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    answering.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
    await new Promise((resolve) => answering.close(resolve));
  });

  const port = (server: net.Server) => (server.address() as AddressInfo).port;

  it('gives up on a connection that opens no TLS session within the connect timeout', async () => {
    const started = performance.now();
    await expect(postJson(`https://127.0.0.1:${port(silent)}/`, {}, '{}', options)).rejects.toThrow(
      'could not connect within 300 ms',
    );
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('bounds the whole exchange with a receiver that accepts and never answers', async () => {
    const started = performance.now();
    await expect(
      postJson(`http://127.0.0.1:${port(silent)}/`, {}, '{}', { ...options, timeoutMs: 500 }),
    ).rejects.toThrow('timed out after 500 ms');
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('hands back a cleaned excerpt cut between characters, and a clamped Retry-After', async () => {
    // 341 euro signs are 1,023 bytes; the 342nd is cut by the byte limit and dropped whole.
    answer = (res) => {
      res.writeHead(503, { 'retry-after': '1e15' });
      res.end(Buffer.concat([Buffer.from('\u20ac'.repeat(600))]));
    };
    const euros = await postJson(`http://127.0.0.1:${port(answering)}/`, {}, '{}', options);
    expect(euros).toEqual({ status: 503, retryAfterSeconds: null, excerpt: '\u20ac'.repeat(341) });
    answer = (res) => {
      res.writeHead(429, { 'retry-after': '86400000' });
      res.end(Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x01, 0x0a]));
    };
    const bytes = await postJson(`http://127.0.0.1:${port(answering)}/`, {}, '{}', options);
    expect(bytes.status).toBe(429);
    expect(bytes.retryAfterSeconds).toBe(MAX_RETRY_AFTER_SECONDS);
    expect(bytes.excerpt).toBe('ok\ufffd\ufffd(\ufffd\ufffd\ufffd\n');
    answer = (res) => res.end('y'.repeat(10 * 1024 * 1024));
    const large = await postJson(`http://127.0.0.1:${port(answering)}/`, {}, '{}', options);
    expect(large.excerpt).toBe('y'.repeat(MAX_RESPONSE_EXCERPT_BYTES));
  });

  it("gives each owner its own sockets: one owner's hanging deliveries to an origin never hold another's", async () => {
    // The receiver hangs on /hang and answers anything else at once.
    answer = (res, req) => (req.url === '/hang' ? undefined : res.end('ok'));
    const origin = `http://127.0.0.1:${port(answering)}`;
    const hog = { ...options, pool: 'merchant:hog', maxSockets: 2, timeoutMs: 3_000 };
    const hanging = [1, 2].map(() => postJson(`${origin}/hang`, {}, '{}', hog).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const victim = await postJson(`${origin}/hook`, {}, '{}', { ...options, pool: 'merchant:victim', maxSockets: 2 });
    expect(victim.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    // Within its own pool the hog waits for its own sockets.
    const third = performance.now();
    await postJson(`${origin}/hook`, {}, '{}', hog).catch(() => undefined);
    expect(performance.now() - third).toBeGreaterThan(2_000);
    await Promise.all(hanging);
  });

  it('says a literal address is refused without naming what it is', async () => {
    const refusal = await postJson('http://10.0.0.1/hook', {}, '{}', options).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BlockedAddressError);
    expect((refusal as BlockedAddressError).message).toBe('refused: the address is not public');
    expect((refusal as BlockedAddressError).detail).toBe('10.0.0.1 (private)');
  });

  it('says a name that resolves to a non-public address is refused, keeping the address for the log', async () => {
    const refusal = await postJson(`http://localhost:${port(answering)}/`, {}, '{}', {
      ...options,
      allowLoopback: false,
    }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(BlockedAddressError);
    expect((refusal as BlockedAddressError).message).toBe('refused: the host resolves to a non-public address');
    expect((refusal as BlockedAddressError).detail).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) \(loopback\)$/);
  });
});
