import { verifyAuditChain, AUDIT_GENESIS_HASH, type ChainBreak } from './audit-chain';
import type { StoredAuditRecord } from './audit-event';

const VERIFY_PAGE = 1000;

/** What a whole-log verification reads: AuditRepository, on the live database or on a copy. */
export interface AuditLogPages {
  /** The highest sequence number the store ever gave (0: none). */
  highestSeq(): number;
  /** The last pruned record's link, or null: nothing was ever pruned. */
  anchor(): { seq: number; hash: string } | null;
  findAfter(seq: number, limit: number): Promise<StoredAuditRecord[]>;
}

export interface AuditLogVerification {
  records: number;
  break: ChainBreak | null;
}

/**
 * Re-hashes the whole log, page by page; `break` is null when no record was altered, reordered
 * or removed. Removal from the end shows as 'tail-missing' against the highest sequence number
 * SQLite ever gave; someone able to rewrite sqlite_sequence too can hide that, which only a
 * copy of the chain kept elsewhere (export, upstream) can reveal.
 */
export async function verifyAuditLog(log: AuditLogPages): Promise<AuditLogVerification> {
  const highest = log.highestSeq();
  // After a prune, the log starts after its anchor: the last pruned record's link.
  let start = log.anchor() ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
  let records = 0;
  for (;;) {
    const page = await log.findAfter(start.seq, VERIFY_PAGE);
    if (page.length === 0) {
      const tail = start.seq < highest;
      return {
        records,
        break: tail ? { problem: 'tail-missing', seq: start.seq, expected: highest } : null,
      };
    }
    const broken = verifyAuditChain(page, start);
    // `records`: those verified before the break.
    if (broken)
      return { records: records + page.filter((r) => r.seq < broken.seq).length, break: broken };
    records += page.length;
    const last = page[page.length - 1]!;
    start = { seq: last.seq, hash: last.hash };
  }
}
