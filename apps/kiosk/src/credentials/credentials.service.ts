import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { appendAllowlistRevision } from '../database/allowlist-revision';
import type { CredentialEntity } from './credential.entity';
import { CredentialError, CredentialErrorCode } from './credentials.errors';
import { CredentialsRepository } from './credentials.repository';
import { PAN_HMAC_KEY } from './pan-key.provider';
import { parseUidText } from './uid-text';

export interface UidEnrolment {
  holderId: string;
  uid: string;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

@Injectable()
export class CredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    @Inject(PAN_HMAC_KEY) private readonly panKey: Buffer,
  ) {}

  /** Looks up a card's UID for a decision; a UID is its own lookup key. */
  findUid(uid: string): Promise<CredentialEntity | null> {
    return this.credentials.findWithHolderByLookupKey('uid', uid);
  }

  listForHolder(holderId: string): Promise<CredentialEntity[]> {
    return this.credentials.findByHolder(holderId);
  }

  /** Enrols a UID inside the caller's write transaction, with its allowlist revision. */
  enrolUidIn(db: Database, enrolment: UidEnrolment, at: Date): { id: string; uid: string } {
    const uid = parseUidText(enrolment.uid);
    if (this.credentials.existsByLookupKey(db, 'uid', uid)) {
      throw new CredentialError(
        CredentialErrorCode.AlreadyEnrolled,
        `Card ${uid} is already enrolled`,
      );
    }
    const id = randomUUID();
    this.credentials.insert(db, {
      id,
      holderId: enrolment.holderId,
      kind: 'uid',
      lookupKey: uid,
      display: uid,
      validFrom: enrolment.validFrom ?? null,
      validUntil: enrolment.validUntil ?? null,
      at,
    });
    appendAllowlistRevision(db, { entity: 'credential', entityId: id, action: 'enrol', at });
    return { id, uid };
  }
}
