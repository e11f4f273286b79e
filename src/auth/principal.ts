// Who is calling. The API has three principals (docs/api.md); every request made with
// a key is one of them, and every object read or written is scoped to it.
export type Principal =
  | { type: 'operator'; id: 'operator' }
  | { type: 'merchant'; id: string; keyId: string }
  | { type: 'customer'; id: string; tokenId: string };

export type PrincipalType = Principal['type'];

/** A stable string for a principal: scopes idempotency keys and rate limits. */
export function principalKey(principal: Principal): string {
  return principal.type === 'operator' ? 'operator' : `${principal.type}:${principal.id}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
