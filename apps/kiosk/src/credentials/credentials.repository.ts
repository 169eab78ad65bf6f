import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { Repository } from 'typeorm';
import { isoOrNull } from '../database/iso-date.transformer';
import { CredentialEntity, type CredentialKind } from './credential.entity';

export interface NewCredential {
  id: string;
  holderId: string;
  kind: CredentialKind;
  lookupKey: string;
  display: string;
  validFrom: Date | null;
  validUntil: Date | null;
  at: Date;
}

@Injectable()
export class CredentialsRepository {
  constructor(
    @InjectRepository(CredentialEntity) private readonly credentials: Repository<CredentialEntity>,
  ) {}

  /** The credential with its holder, or null: the one query on the tap path. */
  findWithHolderByLookupKey(
    kind: CredentialKind,
    lookupKey: string,
  ): Promise<CredentialEntity | null> {
    return this.credentials.findOne({ where: { kind, lookupKey }, relations: { holder: true } });
  }

  existsByLookupKey(db: Database, kind: CredentialKind, lookupKey: string): boolean {
    return (
      db
        .prepare('SELECT 1 FROM credentials WHERE kind = ? AND lookup_key = ?')
        .get(kind, lookupKey) !== undefined
    );
  }

  /** Inside the caller's write transaction. */
  insert(db: Database, c: NewCredential): void {
    db.prepare(
      `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, status, valid_from, valid_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
    ).run(
      c.id,
      c.holderId,
      c.kind,
      c.lookupKey,
      c.display,
      isoOrNull(c.validFrom),
      isoOrNull(c.validUntil),
      c.at.toISOString(),
      c.at.toISOString(),
    );
  }

  findByHolder(holderId: string): Promise<CredentialEntity[]> {
    return this.credentials.find({ where: { holderId }, order: { createdAt: 'ASC' } });
  }
}
