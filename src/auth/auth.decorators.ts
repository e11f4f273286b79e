import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, PrincipalType } from './principal';

export const ALLOWED_PRINCIPALS = 'tally:allowed-principals';
export const PUBLIC_ROUTE = 'tally:public-route';

/** Which principals may call this route. Routes without @Auth or @Public are refused. */
export const Auth = (...types: PrincipalType[]) => SetMetadata(ALLOWED_PRINCIPALS, types);

/** No authentication (health, metrics, documentation). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The authenticated principal of this request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without @Auth');
  return principal;
});
