import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import { SqliteReadConnection } from '../database/sqlite/sqlite-read-connection';
import { auditChainTail, highestAuditSeqGiven } from '../database/sqlite/sqlite-audit-sequence';
import type { WriteTransaction } from '../database/write-transaction';
import { AUDIT_GENESIS_HASH, hashAuditRecord, type ChainedAuditFields } from './audit-chain';
import type { AppendedAuditRecord, AuditRecordInput, StoredAuditRecord } from './audit-event';

/** Which records a query or an export takes; every criterion given must hold. */
export interface AuditFilter {
  /** From this moment (inclusive) ... */
  from?: Date;
  /** ... to this one (exclusive). */
  to?: Date;
  types?: readonly string[];
  doorId?: string;
  holderId?: string;
  outcome?: string;
}

interface AuditRow {
  seq: number;
  at: string;
  type: string;
  door_id: string | null;
  reader: string | null;
  credential_kind: string | null;
  credential_display: string | null;
  holder_id: string | null;
  outcome: string | null;
  reason: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = `seq, at, type, door_id, reader, credential_kind, credential_display, holder_id,
  outcome, reason, detail, prev_hash, hash`;

const INSERT = `INSERT INTO audit_events (seq, at, type, door_id, reader, credential_kind,
  credential_display, holder_id, outcome, reason, detail, prev_hash, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The WHERE clause of a filter, after a sequence number; values as parameters, never text. */
function whereOf(filter: AuditFilter, afterSeq: number): { where: string; params: unknown[] } {
  const where = ['seq > ?'];
  const params: unknown[] = [afterSeq];
  if (filter.from) {
    where.push('at >= ?');
    params.push(filter.from.toISOString());
  }
  if (filter.to) {
    where.push('at < ?');
    params.push(filter.to.toISOString());
  }
  if (filter.types?.length) {
    where.push(`type IN (${filter.types.map(() => '?').join(', ')})`);
    params.push(...filter.types);
  }
  for (const [column, value] of [
    ['door_id', filter.doorId],
    ['holder_id', filter.holderId],
    ['outcome', filter.outcome],
  ] as const)
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  return { where: where.join(' AND '), params };
}

function fromRow(r: AuditRow): StoredAuditRecord {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    doorId: r.door_id,
    reader: r.reader,
    credentialKind: r.credential_kind,
    credentialDisplay: r.credential_display,
    holderId: r.holder_id,
    outcome: r.outcome,
    reason: r.reason,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The SQL of an export's page: the matching records after one, up to the head, in order. */
function pageUpToSql(where: string): string {
  return `SELECT ${COLUMNS} FROM audit_events WHERE ${where} AND seq <= ? ORDER BY seq LIMIT ?`;
}

/**
 * The log read on a connection of its own, for an export: the service's connection keeps its
 * page cache for the taps, and this one's small cache goes when it is closed. Close it when
 * the read is over, whatever happened.
 */
export class AuditLogReader {
  constructor(private readonly connection: SqliteReadConnection) {}

  get isOpen(): boolean {
    return this.connection.isOpen;
  }

  /** `AuditRepository.pageMatchingUpTo` on this connection: the same SQL and order. */
  pageMatchingUpTo(
    filter: AuditFilter,
    afterSeq: number,
    upToSeq: number,
    limit: number,
  ): StoredAuditRecord[] {
    const { where, params } = whereOf(filter, afterSeq);
    const rows = this.connection
      .statement(pageUpToSql(where))
      .all(...params, upToSeq, limit) as AuditRow[];
    return rows.map(fromRow);
  }

  /** Closes its connection; closing again does nothing. */
  close(): void {
    this.connection.close();
  }
}

/**
 * The audit_events table: append-only (the migration's triggers refuse UPDATE and DELETE) and
 * hash-chained. Appends run in the caller's write transaction; pages are read through TypeORM.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly sql: SqliteConnection) {}

  /** Reads the chain's last link and appends after it, inside `tx`. */
  appendIn(
    tx: WriteTransaction,
    input: AuditRecordInput,
  ): AppendedAuditRecord & { stored: StoredAuditRecord } {
    const tail = auditChainTail(tx);
    // With every record pruned, the chain goes on from the anchor (the last pruned record).
    const prevHash = tail.lastHash ?? tail.anchorHash ?? AUDIT_GENESIS_HASH;
    // SQLite stores a lone surrogate (from a device's name, say) as U+FFFD: the hash must cover
    // the text as stored, or that record could never verify.
    const text = (value: string | null | undefined) => value?.toWellFormed() ?? null;
    const record: ChainedAuditFields = {
      // The highest number ever given, not the last row's: a number is never given twice.
      seq: tail.seqGiven + 1,
      at: (input.at ?? new Date()).toISOString(),
      type: input.type,
      doorId: text(input.doorId),
      reader: text(input.reader),
      credentialKind: text(input.credentialKind),
      credentialDisplay: text(input.credentialDisplay),
      holderId: text(input.holderId),
      outcome: input.outcome ?? null,
      reason: text(input.reason),
      detail: JSON.stringify(input.detail ?? {}),
    };
    const hash = hashAuditRecord(prevHash, record);
    // Positional parameters: binding by name copies the record into a new object first.
    tx.statement(INSERT).run(
      record.seq,
      record.at,
      record.type,
      record.doorId,
      record.reader,
      record.credentialKind,
      record.credentialDisplay,
      record.holderId,
      record.outcome,
      record.reason,
      record.detail,
      prevHash,
      hash,
    );
    return { seq: record.seq, at: record.at, hash, stored: { ...record, prevHash, hash } };
  }

  /** The last record's number and hash (0 and the genesis hash: an empty log). */
  head(): { seq: number; hash: string } {
    const last = this.sql
      .statement('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string } | undefined;
    return last ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
  }

  /** The record with this number, if it is there. */
  findBySeq(seq: number): StoredAuditRecord | null {
    const row = this.sql.statement(`SELECT ${COLUMNS} FROM audit_events WHERE seq = ?`).get(seq) as
      AuditRow | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * Records after `afterSeq` in sequence order that match the filter, at most `limit`: a keyset
   * page on the primary key, stable while new records arrive. Times compare as ISO-8601 text.
   */
  pageMatching(filter: AuditFilter, afterSeq: number, limit: number): StoredAuditRecord[] {
    const { where, params } = whereOf(filter, afterSeq);
    const rows = this.sql
      .statement(`SELECT ${COLUMNS} FROM audit_events WHERE ${where} ORDER BY seq LIMIT ?`)
      .all(...params, limit) as AuditRow[];
    return rows.map(fromRow);
  }

  /**
   * `pageMatching`, up to the record `upToSeq` (an export's head): the export's page, without
   * reading records it would drop.
   */
  pageMatchingUpTo(
    filter: AuditFilter,
    afterSeq: number,
    upToSeq: number,
    limit: number,
  ): StoredAuditRecord[] {
    const { where, params } = whereOf(filter, afterSeq);
    const rows = this.sql
      .statement(pageUpToSql(where))
      .all(...params, upToSeq, limit) as AuditRow[];
    return rows.map(fromRow);
  }

  /** A reader of the log on a read-only connection of its own (an export's). */
  openReader(): AuditLogReader {
    return new AuditLogReader(SqliteReadConnection.openBeside(this.sql));
  }

  /** How many records up to `upToSeq` match the filter. */
  countMatching(filter: AuditFilter, upToSeq: number): number {
    const { where, params } = whereOf(filter, 0);
    const row = this.sql
      .statement(`SELECT count(*) AS n FROM audit_events WHERE ${where} AND seq <= ?`)
      .get(...params, upToSeq) as { n: number };
    return row.n;
  }

  /** The last pruned record (the log verifies on from it), or null: nothing was ever pruned. */
  anchor(): { seq: number; hash: string } | null {
    const row = this.sql.statement('SELECT seq, hash FROM audit_anchor WHERE id = 1').get() as
      { seq: number; hash: string } | undefined;
    return row ?? null;
  }

  /** Notes that the records first..last were exported whole (a contiguous, signed export). */
  recordExportIn(
    tx: WriteTransaction,
    range: { firstSeq: number; lastSeq: number; format: string; at: Date },
  ): void {
    tx.statement(
      'INSERT INTO audit_exports (at, first_seq, last_seq, format) VALUES (?, ?, ?, ?)',
    ).run(range.at.toISOString(), range.firstSeq, range.lastSeq, range.format);
  }

  /** How far from `fromSeq` on the log has been exported without a gap (fromSeq - 1: not at all). */
  exportedThrough(fromSeq: number): number {
    const ranges = this.sql
      .statement('SELECT first_seq, last_seq FROM audit_exports ORDER BY first_seq, last_seq')
      .all() as { first_seq: number; last_seq: number }[];
    let through = fromSeq - 1;
    for (const r of ranges) if (r.first_seq <= through + 1) through = Math.max(through, r.last_seq);
    return through;
  }

  /** The first record at or after `cutoff` (null: every record is older). */
  firstSeqAtOrAfter(cutoff: Date): number | null {
    const row = this.sql
      .statement('SELECT min(seq) AS seq FROM audit_events WHERE at >= ?')
      .get(cutoff.toISOString()) as { seq: number | null };
    return row.seq;
  }

  /**
   * Removes the records up to `upToSeq` and keeps the last one's link as the anchor, in the
   * caller's transaction; the trigger lets these deletes through for this transaction only.
   */
  pruneIn(
    tx: WriteTransaction,
    upToSeq: number,
    at: Date,
  ): { records: number; anchorHash: string } {
    const last = tx.statement('SELECT hash FROM audit_events WHERE seq = ?').get(upToSeq) as
      { hash: string } | undefined;
    if (!last) throw new Error(`No audit record ${upToSeq} to anchor on`);
    tx.statement('INSERT INTO audit_prune_permit (id, up_to_seq) VALUES (1, ?)').run(upToSeq);
    const { changes } = tx.statement('DELETE FROM audit_events WHERE seq <= ?').run(upToSeq);
    tx.statement('DELETE FROM audit_prune_permit').run();
    tx.statement(
      `INSERT INTO audit_anchor (id, seq, hash, at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at`,
    ).run(upToSeq, last.hash, at.toISOString());
    return { records: changes, anchorHash: last.hash };
  }

  highestSeq(): number {
    return highestAuditSeqGiven(this.sql);
  }

  /** One page of the log in sequence order, for verification and a stream client catching up. */
  findAfter(seq: number, limit: number): Promise<StoredAuditRecord[]> {
    return Promise.resolve(this.pageMatching({}, seq, limit));
  }
}
