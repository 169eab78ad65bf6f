import { createHash } from 'node:crypto';

/** The previous hash of the first record. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The fields a record's hash covers, in this order. `detail` is the stored JSON text. */
export interface ChainedAuditFields {
  seq: number;
  at: string;
  type: string;
  doorId: string | null;
  reader: string | null;
  credentialKind: string | null;
  credentialDisplay: string | null;
  holderId: string | null;
  outcome: string | null;
  reason: string | null;
  detail: string;
}

/**
 * SHA-256 over the previous hash and the record as a JSON array in a fixed order. The sequence
 * number is inside, so a removed, reordered or altered record breaks every hash after it.
 */
export function hashAuditRecord(prevHash: string, r: ChainedAuditFields): string {
  const canonical = JSON.stringify([
    prevHash,
    r.seq,
    r.at,
    r.type,
    r.doorId,
    r.reader,
    r.credentialKind,
    r.credentialDisplay,
    r.holderId,
    r.outcome,
    r.reason,
    r.detail,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainBreak =
  | { problem: 'sequence-gap'; seq: number; expected: number }
  | { problem: 'tail-missing'; seq: number; expected: number }
  | { problem: 'prev-hash-mismatch'; seq: number }
  | { problem: 'hash-mismatch'; seq: number };

/** Walks records in seq order; returns the first break, or null when the chain holds. */
export function verifyAuditChain(
  records: Iterable<ChainedAuditFields & { prevHash: string; hash: string }>,
  start: { seq: number; hash: string } = { seq: 0, hash: AUDIT_GENESIS_HASH },
): ChainBreak | null {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  for (const record of records) {
    if (record.seq !== expectedSeq)
      return { problem: 'sequence-gap', seq: record.seq, expected: expectedSeq };
    if (record.prevHash !== prevHash) return { problem: 'prev-hash-mismatch', seq: record.seq };
    if (hashAuditRecord(prevHash, record) !== record.hash)
      return { problem: 'hash-mismatch', seq: record.seq };
    prevHash = record.hash;
    expectedSeq += 1;
  }
  return null;
}
