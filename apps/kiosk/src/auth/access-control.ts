import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AdminActor } from '../audit/admin-actor';
import type { Principal, TokenRole } from '../tokens/api-token';
import { TokenError } from '../tokens/tokens.errors';

export const PUBLIC_ROUTE = 'kiosk:public';
export const ROUTE_ROLES = 'kiosk:roles';

export const PUBLIC_ON_LOOPBACK = 'kiosk:public-on-loopback';

/** A route anyone may call without a token, wherever the API listens. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A route open without a token while the API listens on the loopback interface only (health and
 * metrics for an agent on the terminal itself); opened to the network, it needs a token of one of
 * its @Roles, e.g. `monitor`.
 */
export const PublicOnLoopback = () => SetMetadata(PUBLIC_ON_LOOPBACK, true);

/** Whether an HTTP listen address is the loopback interface only (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

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
