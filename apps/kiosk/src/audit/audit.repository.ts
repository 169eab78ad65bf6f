import { Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { SqliteWriter } from '../database/sqlite-writer';
import { AUDIT_GENESIS_HASH, hashAuditRecord, type ChainedAuditFields } from './audit-chain';
import { AuditEventEntity } from './audit-event.entity';
import type { AppendedAuditRecord, AuditRecordInput } from './audit-event';

interface LastRecord {
  seq: number;
  hash: string;
}

@Injectable()
export class AuditRepository {
  constructor(
    private readonly writer: SqliteWriter,
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
  ) {}

  /** Reads the chain's last link and appends after it in one immediate transaction. */
  append(input: AuditRecordInput): AppendedAuditRecord {
    return this.writer.immediate((db) => {
      const last = db
        .prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')
        .get() as LastRecord | undefined;
      const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
      const record: ChainedAuditFields = {
        // The highest number ever given (AUTOINCREMENT), not the last row's: a number is never
        // given twice, even if rows were removed from the end behind the triggers' back.
        seq: this.highestSeq(db) + 1,
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
      db.prepare(
        `INSERT INTO audit_events (seq, at, type, door_id, reader, credential_kind, credential_display,
           holder_id, outcome, reason, detail, prev_hash, hash)
         VALUES (@seq, @at, @type, @doorId, @reader, @credentialKind, @credentialDisplay,
           @holderId, @outcome, @reason, @detail, @prevHash, @hash)`,
      ).run({ ...record, prevHash, hash });
      return { seq: record.seq, at: record.at, hash };
    });
  }

  /** The highest sequence number SQLite ever gave (sqlite_sequence), 0 for an empty log. */
  highestSeq(db: Database = this.writer.db): number {
    const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as
      { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /** One page of the log in sequence order, for verification and export. */
  findAfter(seq: number, limit: number): Promise<AuditEventEntity[]> {
    return this.events.find({ where: { seq: MoreThan(seq) }, order: { seq: 'ASC' }, take: limit });
  }
}
