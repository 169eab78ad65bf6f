import type { Database } from 'better-sqlite3';

export type AllowlistEntity = 'holder' | 'credential';

/**
 * Numbers one allowlist change, inside the caller's write transaction. Terminals of a later
 * multi-site setup apply these as a gap-free stream, so every change must pass through here.
 */
export function appendAllowlistRevision(
  db: Database,
  change: { entity: AllowlistEntity; entityId: string; action: string; at: Date },
): number {
  const result = db
    .prepare('INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES (?, ?, ?, ?)')
    .run(change.at.toISOString(), change.entity, change.entityId, change.action);
  return Number(result.lastInsertRowid);
}
