import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiTokenRecord, Principal } from './api-token';

/** `kiosk.<id>.<secret>`: the id finds the row, the secret is compared with its stored hash. */
const TOKEN_FORM = /^kiosk\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/** The stored form of a token's secret: 256 random bits need no slow hash. */
export const hashTokenSecret = (secret: string): Buffer =>
  createHash('sha256').update(secret, 'utf8').digest();

/** The id and secret of a bearer token of our form, or null. */
export function parseBearerToken(bearer: string): { id: string; secret: string } | null {
  const form = TOKEN_FORM.exec(bearer);
  return form ? { id: form[1]!, secret: form[2]! } : null;
}

/** A hash of nothing, compared against when no token has the id (timing tells nothing). */
const NO_HASH = Buffer.alloc(32);

/**
 * The principal a token's secret proves, or null: no such token, a wrong secret, revoked, or
 * expired (at its expiry moment it no longer works). The secret's hash is compared in constant
 * time, and compared even when no token has the id.
 */
export function principalOfToken(
  secret: string,
  found: { token: ApiTokenRecord; secretHash: string } | null,
  now: Date,
): Principal | null {
  const stored = found ? Buffer.from(found.secretHash, 'hex') : NO_HASH;
  const matches = stored.length === 32 && timingSafeEqual(hashTokenSecret(secret), stored);
  if (!found || !matches) return null;
  const { token } = found;
  if (token.revokedAt !== null || (token.expiresAt !== null && token.expiresAt <= now)) return null;
  return { tokenId: token.id, name: token.name, role: token.role, doors: token.doors };
}
