import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import { highestAuditSeqGiven } from '../database/sqlite/sqlite-audit-sequence';
import type { WriteTransaction } from '../database/write-transaction';
import { AUDIT_GENESIS_HASH, hashAuditRecord, type ChainedAuditFields } from './audit-chain';
import { AuditEventEntity } from './audit-event.entity';
import type { AppendedAuditRecord, AuditRecordInput, StoredAuditRecord } from './audit-event';

/**
 * The audit_events table: append-only (the migration's triggers refuse UPDATE and DELETE) and
 * hash-chained. Appends run in the caller's write transaction; pages are read through TypeORM.
 */
@Injectable()
export class AuditRepository {
  constructor(
    private readonly sql: SqliteConnection,
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
  ) {}

  /** Reads the chain's last link and appends after it, inside `tx`. */
  appendIn(
    tx: WriteTransaction,
    input: AuditRecordInput,
  ): AppendedAuditRecord & { stored: StoredAuditRecord } {
    const last = tx
      .statement('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
      .get() as { seq: number; hash: string } | undefined;
    const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
    const record: ChainedAuditFields = {
      // The highest number ever given, not the last row's: a number is never given twice.
      seq: highestAuditSeqGiven(tx) + 1,
      at: (input.at ?? new Date()).toISOString(),
      type: input.type,
      doorId: input.doorId ?? null,
      reader: input.reader ?? null,
      credentialKind: input.credentialKind ?? null,
      credentialDisplay: input.credentialDisplay ?? null,
      holderId: input.holderId ?? null,
      outcome: input.outcome ?? null,
      reason: input.reason ?? null,
      detail: JSON.stringify(input.detail ?? {}),
    };
    const hash = hashAuditRecord(prevHash, record);
    tx.statement(
      `INSERT INTO audit_events (seq, at, type, door_id, reader, credential_kind, credential_display,
         holder_id, outcome, reason, detail, prev_hash, hash)
       VALUES (@seq, @at, @type, @doorId, @reader, @credentialKind, @credentialDisplay,
         @holderId, @outcome, @reason, @detail, @prevHash, @hash)`,
    ).run({ ...record, prevHash, hash });
    return { seq: record.seq, at: record.at, hash, stored: { ...record, prevHash, hash } };
  }

  highestSeq(): number {
    return highestAuditSeqGiven(this.sql);
  }

  /** One page of the log in sequence order, for verification and export. */
  async findAfter(seq: number, limit: number): Promise<StoredAuditRecord[]> {
    const page = await this.events.find({
      where: { seq: MoreThan(seq) },
      order: { seq: 'ASC' },
      take: limit,
    });
    return page.map((e) => ({
      seq: e.seq,
      at: e.at,
      type: e.type,
      doorId: e.doorId,
      reader: e.reader,
      credentialKind: e.credentialKind,
      credentialDisplay: e.credentialDisplay,
      holderId: e.holderId,
      outcome: e.outcome,
      reason: e.reason,
      detail: e.detail,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  }
}
