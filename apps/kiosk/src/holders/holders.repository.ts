import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Database } from 'better-sqlite3';
import { Repository } from 'typeorm';
import { isoOrNull } from '../database/iso-date.transformer';
import { HolderEntity } from './holder.entity';

export interface NewHolder {
  id: string;
  displayName: string;
  validFrom: Date | null;
  validUntil: Date | null;
  at: Date;
}

@Injectable()
export class HoldersRepository {
  constructor(@InjectRepository(HolderEntity) private readonly holders: Repository<HolderEntity>) {}

  /** Inside the caller's write transaction. */
  insert(db: Database, h: NewHolder): void {
    db.prepare(
      `INSERT INTO holders (id, display_name, status, valid_from, valid_until, created_at, updated_at)
       VALUES (?, ?, 'active', ?, ?, ?, ?)`,
    ).run(
      h.id,
      h.displayName,
      isoOrNull(h.validFrom),
      isoOrNull(h.validUntil),
      h.at.toISOString(),
      h.at.toISOString(),
    );
  }

  listByName(): Promise<HolderEntity[]> {
    return this.holders.find({ order: { displayName: 'ASC' } });
  }
}
