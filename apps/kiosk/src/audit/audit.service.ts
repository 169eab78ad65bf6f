import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import type { WriteTransaction } from '../database/write-transaction';
import type { ChainBreak } from './audit-chain';
import type { AppendedAuditRecord, AuditRecordInput, StoredAuditRecord } from './audit-event';
import { verifyAuditLog, type AuditLogVerification } from './audit-log-verify';
import { AuditRepository } from './audit.repository';
import { AuditStream } from './audit-stream';
import type { AdminActor } from './admin-actor';

@Injectable()
export class AuditService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditRepository,
    private readonly stream: AuditStream,
  ) {}

  /**
   * Appends one record to the hash chain in its own transaction, queued behind the writes asked
   * for before it; resolves once it is durable (synchronous=FULL). While another process holds
   * the write lock it waits, in order, and is never dropped (UnitOfWork).
   */
  record(input: AuditRecordInput): Promise<AppendedAuditRecord> {
    return this.unitOfWork.write((tx) => this.recordIn(tx, input));
  }

  /** Appends one record inside the caller's transaction: it commits with that change or not at all. */
  recordIn(tx: WriteTransaction, input: AuditRecordInput): AppendedAuditRecord {
    const { stored, ...appended } = this.audit.appendIn(tx, input);
    tx.afterCommit(() => this.stream.emit('record', stored));
    return appended;
  }

  /** Records after `seq`, in order, a page at a time (for a stream client catching up). */
  after(seq: number, limit: number): Promise<StoredAuditRecord[]> {
    return this.audit.findAfter(seq, limit);
  }

  /**
   * Whether the log now still holds the head noted earlier (its number, with the same hash) and
   * chains from the start through it and on: then records were only appended since. A tamperer
   * who re-hashes (rewrites a record and every hash after it, replaces the last record, deletes
   * the tail and lowers the sequence) cannot keep the noted hash. The head's signature is checked
   * by the caller.
   */
  async verifySinceHead(head: { seq: number; hash: string }): Promise<{
    records: number;
    break:
      ChainBreak | { problem: 'head-missing' | 'head-changed' | 'head-pruned'; seq: number } | null;
  }> {
    const chain = await this.verify();
    if (chain.break) return chain;
    if (head.seq === 0) return chain;
    const anchor = this.audit.anchor();
    if (anchor && head.seq <= anchor.seq) {
      // Pruned since (after it was exported): only the anchor itself can still be compared.
      if (head.seq === anchor.seq && head.hash !== anchor.hash)
        return { records: chain.records, break: { problem: 'head-changed', seq: head.seq } };
      if (head.seq < anchor.seq)
        return { records: chain.records, break: { problem: 'head-pruned', seq: head.seq } };
      return chain;
    }
    const noted = this.audit.findBySeq(head.seq);
    if (!noted)
      return { records: chain.records, break: { problem: 'head-missing', seq: head.seq } };
    if (noted.hash !== head.hash)
      return { records: chain.records, break: { problem: 'head-changed', seq: head.seq } };
    return chain;
  }

  /**
   * Records a verification on the terminal and its result (after it: the record is not part of
   * what was verified). A break is recorded too: the record says when it was found.
   */
  recordVerification(
    actor: AdminActor,
    result: { records: number; break: { problem: string; seq: number } | null },
    sinceHeadSeq: number | null,
  ): Promise<AppendedAuditRecord> {
    return this.record({
      type: 'admin-action',
      outcome: 'audit-verified',
      reason: result.break?.problem ?? null,
      detail: {
        actor,
        intact: result.break === null,
        records: result.records,
        break: result.break,
        sinceHeadSeq,
      },
    });
  }

  /** Re-hashes the whole log (verifyAuditLog): `break` is null when no record was altered. */
  verify(): Promise<AuditLogVerification> {
    return verifyAuditLog(this.audit);
  }
}
