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

/** Where the audit chain goes on from: what a new record needs to know, read in one statement. */
export interface AuditChainTail {
  /** The highest sequence number ever given (0: none). */
  seqGiven: number;
  /** The last record's hash (null: no record, all of them pruned or none yet). */
  lastHash: string | null;
  /** The anchor's hash: the last pruned record's (null: nothing was ever pruned). */
  anchorHash: string | null;
}

// One statement for the three reads an append needs: each is an indexed point read, and on the
// tap path running them as separate statements cost more than the reads themselves.
const CHAIN_TAIL = `SELECT
  (SELECT seq FROM sqlite_sequence WHERE name = 'audit_events') AS seq_given,
  (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1) AS last_hash,
  (SELECT hash FROM audit_anchor WHERE id = 1) AS anchor_hash`;

export function auditChainTail(sql: SqlStatements): AuditChainTail {
  const row = sql.statement(CHAIN_TAIL).get() as {
    seq_given: number | null;
    last_hash: string | null;
    anchor_hash: string | null;
  };
  return { seqGiven: row.seq_given ?? 0, lastHash: row.last_hash, anchorHash: row.anchor_hash };
}
