/** monitor: health and metrics only (a Prometheus server holds no token that opens a door). */
export type TokenRole = 'admin' | 'operator' | 'auditor' | 'monitor';
export const TOKEN_ROLES: readonly TokenRole[] = ['admin', 'operator', 'auditor', 'monitor'];

/** A token as the rest of the app sees it: never its secret, never its hash. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  role: TokenRole;
  /** Door ids an operator token may act on; null: every door. */
  doors: readonly string[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Who made a request: the token that authenticated it. */
export interface Principal {
  tokenId: string;
  name: string;
  role: TokenRole;
  doors: readonly string[] | null;
}
