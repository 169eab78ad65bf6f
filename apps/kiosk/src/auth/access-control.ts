import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AdminActor } from '../audit/admin-actor';
import type { Principal, TokenRole } from '../tokens/api-token';
import { TokenError } from '../tokens/tokens.errors';

export const PUBLIC_ROUTE = 'kiosk:public';
export const ROUTE_ROLES = 'kiosk:roles';

/** A route anyone on the network may call without a token (health, for monitoring). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles that may call a route. A route that names none is for `admin` only: a new
 * endpoint is closed until someone decides who may use it.
 */
export const Roles = (...roles: TokenRole[]) => SetMetadata(ROUTE_ROLES, roles);

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The principal of an authenticated request (set by ApiTokenGuard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new TokenError('unauthenticated', 'A valid API token is required');
  return principal;
});

/** Refuses a principal whose door scope leaves out `doorId` (an operator token limited to doors). */
export function assertMayActOnDoor(principal: Principal, doorId: string): void {
  if (principal.doors !== null && !principal.doors.includes(doorId))
    throw new TokenError('forbidden', `This token may not act on door "${doorId}"`);
}

/** Who an admin action is recorded as: the token that made the request, by id and name. */
export const actorOf = (principal: Principal): AdminActor => ({
  kind: 'token',
  tokenId: principal.tokenId,
  name: principal.name,
});
