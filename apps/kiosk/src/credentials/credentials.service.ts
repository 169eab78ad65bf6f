import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import type { Credential, PanCredential } from '@kiosk/card';
import { appendAllowlistRevision } from '../database/allowlist-revision';
import type { CredentialEntity } from './credential.entity';
import { CredentialError, CredentialErrorCode } from './credentials.errors';
import { CredentialsRepository } from './credentials.repository';
import { PAN_HMAC_KEY } from './pan-key.provider';
import { parseUidText } from './uid-text';
import { credentialDisplay } from './card-credential';

export interface EnrolledCredential {
  id: string;
  kind: 'uid' | 'pan';
  /** The UID, or the masked PAN. */
  display: string;
}

interface Validity {
  validFrom?: Date | null;
  validUntil?: Date | null;
}

export interface UidEnrolment extends Validity {
  holderId: string;
  uid: string;
}

export interface PanEnrolment extends Validity {
  holderId: string;
  pan: PanCredential;
}

@Injectable()
export class CredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    @Inject(PAN_HMAC_KEY) private readonly panKey: Buffer,
  ) {}

  /** The enrolled credential (with its holder) that a card read names, or null. */
  findForCard(credential: Credential): Promise<CredentialEntity | null> {
    return this.credentials.findWithHolderByLookupKey(credential.kind, this.lookupKey(credential));
  }

  /** A UID is its own lookup key; a PAN is looked up by its keyed HMAC, never by its digits. */
  private lookupKey(credential: Credential): string {
    switch (credential.kind) {
      case 'uid':
        return credential.uid;
      case 'pan':
        return credential.pan.hmac(this.panKey);
    }
  }

  listForHolder(holderId: string): Promise<CredentialEntity[]> {
    return this.credentials.findByHolder(holderId);
  }

  /** Enrols a typed UID inside the caller's write transaction, with its allowlist revision. */
  enrolUidIn(db: Database, enrolment: UidEnrolment, at: Date): EnrolledCredential {
    return this.enrolIn(db, { kind: 'uid', uid: parseUidText(enrolment.uid) }, enrolment, at);
  }

  /** Enrols a bank card: only its HMAC and its masked form are stored. */
  enrolPanIn(db: Database, enrolment: PanEnrolment, at: Date): EnrolledCredential {
    return this.enrolIn(db, { kind: 'pan', pan: enrolment.pan }, enrolment, at);
  }

  private enrolIn(
    db: Database,
    credential: Credential,
    enrolment: Validity & { holderId: string },
    at: Date,
  ): EnrolledCredential {
    const lookupKey = this.lookupKey(credential);
    const display = credentialDisplay(credential);
    if (this.credentials.existsByLookupKey(db, credential.kind, lookupKey)) {
      throw new CredentialError(
        CredentialErrorCode.AlreadyEnrolled,
        `Card ${display} is already enrolled`,
      );
    }
    const id = randomUUID();
    this.credentials.insert(db, {
      id,
      holderId: enrolment.holderId,
      kind: credential.kind,
      lookupKey,
      display,
      validFrom: enrolment.validFrom ?? null,
      validUntil: enrolment.validUntil ?? null,
      at,
    });
    appendAllowlistRevision(db, { entity: 'credential', entityId: id, action: 'enrol', at });
    return { id, kind: credential.kind, display };
  }
}
