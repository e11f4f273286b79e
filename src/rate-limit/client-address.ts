// The client address that per-address budgets count against. It is Fastify's
// `request.ip`: the socket's peer, or with TRUST_PROXY the address the proxy
// reports in X-Forwarded-For. An IPv6 client is given a whole /64 (one home
// network or one host at a provider), so it counts as one address: counting
// each of its 2^64 addresses apart would let it rotate out of any budget.
import ipaddr from 'ipaddr.js';

export function clientAddressKey(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'ip:invalid';
  // IPv4 clients of a dual-stack socket arrive as ::ffff:a.b.c.d.
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return `ip:${address.toString()}`;
  const network = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `ip:${network.join(':')}::/64`;
}
