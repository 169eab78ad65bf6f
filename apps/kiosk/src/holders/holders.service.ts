import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PanCredential } from '@kiosk/card';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { CredentialsService, type EnrolledCredential } from '../credentials/credentials.service';
import { appendAllowlistRevision } from '../database/allowlist-revision';
import { SqliteWriter } from '../database/sqlite-writer';
import type { HolderEntity } from './holder.entity';
import { HolderError, HolderErrorCode } from './holders.errors';
import { HoldersRepository } from './holders.repository';

export interface NewHolderInput {
  displayName: string;
  uids: readonly string[];
  /** Bank cards, read from a card or typed on standard input; never from a command line. */
  pans?: readonly PanCredential[];
  validFrom?: Date | null;
  validUntil?: Date | null;
}

export interface CreatedHolder {
  id: string;
  displayName: string;
  credentials: EnrolledCredential[];
}

@Injectable()
export class HoldersService {
  constructor(
    private readonly writer: SqliteWriter,
    private readonly holders: HoldersRepository,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  /** The holder, their cards, the revisions and the audit record: all or nothing. */
  create(input: NewHolderInput, actor: AdminActor): CreatedHolder {
    const displayName = input.displayName.trim();
    if (displayName.length < 1 || displayName.length > 64) {
      throw new HolderError(HolderErrorCode.InvalidName, 'A display name has 1 to 64 characters');
    }
    const validFrom = input.validFrom ?? null;
    const validUntil = input.validUntil ?? null;
    if (validFrom && validUntil && validUntil <= validFrom) {
      throw new HolderError(
        HolderErrorCode.InvalidValidity,
        'valid-until must be after valid-from',
      );
    }
    const at = new Date();
    const id = randomUUID();
    return this.writer.immediate((db) => {
      this.holders.insert(db, { id, displayName, validFrom, validUntil, at });
      appendAllowlistRevision(db, { entity: 'holder', entityId: id, action: 'create', at });
      const credentials = [
        ...input.uids.map((uid) => this.credentials.enrolUidIn(db, { holderId: id, uid }, at)),
        ...(input.pans ?? []).map((pan) =>
          this.credentials.enrolPanIn(db, { holderId: id, pan }, at),
        ),
      ];
      this.audit.record({
        type: 'admin-action',
        at,
        holderId: id,
        outcome: 'holder-created',
        detail: {
          actor,
          displayName,
          credentials: credentials.map((c) => ({ kind: c.kind, display: c.display })),
        },
      });
      return { id, displayName, credentials };
    });
  }

  list(): Promise<HolderEntity[]> {
    return this.holders.listByName();
  }
}
