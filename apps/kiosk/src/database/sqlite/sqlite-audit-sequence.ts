import type { SqlStatements } from './sqlite-connection';

/**
 * The highest audit sequence number the store ever gave, 0 for an empty log. SQLite keeps it in
 * sqlite_sequence for an AUTOINCREMENT key, so a number is never given twice even when rows were
 * removed from the end behind the triggers' back. (A PostgreSQL store reads its sequence instead.)
 */
export function highestAuditSeqGiven(sql: SqlStatements): number {
  const row = sql.statement("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as
    { seq: number } | undefined;
  return row?.seq ?? 0;
}
