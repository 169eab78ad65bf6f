import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PanCredential } from '@kiosk/card';
import { CredentialError, CredentialErrorCode } from '../credentials/credentials.errors';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { CredentialsService, type EnrolledCredential } from '../credentials/credentials.service';
import type { CredentialRecord } from '../credentials/credential';
import { UnitOfWork } from '../database/unit-of-work';
import type { HolderRecord } from './holder';
import { HolderError, HolderErrorCode } from './holders.errors';
import { HoldersRepository } from './holders.repository';

export interface NewHolderInput {
  displayName: string;
  uids: readonly string[];
  /** Bank cards, read from a card or typed on standard input; never from a command line. */
  pans?: readonly PanCredential[];
  validFrom?: Date | null;
  validUntil?: Date | null;
  /** A visitor: each of the cards enrolled here is good for this many entries. */
  uses?: number | null;
}

export interface CreatedHolder {
  id: string;
  displayName: string;
  credentials: EnrolledCredential[];
}

@Injectable()
export class HoldersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly holders: HoldersRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
  ) {}

  /** The holder, their cards, the revisions and the audit record: one transaction, all or nothing. */
  async create(input: NewHolderInput, actor: AdminActor): Promise<CreatedHolder> {
    const displayName = checkedName(input.displayName);
    const validFrom = input.validFrom ?? null;
    const validUntil = input.validUntil ?? null;
    if (validFrom && validUntil && validUntil <= validFrom) {
      throw new HolderError(
        HolderErrorCode.InvalidValidity,
        'valid-until must be after valid-from',
      );
    }
    const usesLeft = input.uses ?? null;
    if (usesLeft !== null && (!Number.isInteger(usesLeft) || usesLeft < 1 || usesLeft > 10_000)) {
      throw new HolderError(HolderErrorCode.InvalidUses, 'uses is a whole number from 1 to 10000');
    }
    const id = randomUUID();
    return this.unitOfWork.write((tx) => {
      const at = new Date();
      this.holders.insertIn(tx, { id, displayName, validFrom, validUntil, at });
      this.revisions.appendIn(tx, { entity: 'holder', entityId: id, action: 'create', at });
      const credentials = [
        ...input.uids.map((uid) =>
          this.credentials.enrolUidIn(tx, { holderId: id, uid, usesLeft }, at),
        ),
        ...(input.pans ?? []).map((pan) =>
          this.credentials.enrolPanIn(tx, { holderId: id, pan, usesLeft }, at),
        ),
      ];
      this.audit.recordIn(tx, {
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

  /**
   * Changes a holder's name, status (suspend, reinstate) or validity; applies from the very next
   * tap. One transaction with its allowlist revision and audit record.
   */
  async update(
    id: string,
    change: {
      displayName?: string;
      status?: 'active' | 'suspended';
      validFrom?: Date | null;
      validUntil?: Date | null;
    },
    actor: AdminActor,
  ): Promise<HolderRecord> {
    const displayName =
      change.displayName === undefined ? undefined : checkedName(change.displayName);
    return this.unitOfWork.write((tx) => {
      const before = this.holders.findByIdIn(tx, id);
      if (!before) throw new HolderError(HolderErrorCode.NotFound, `No holder "${id}"`);
      const validFrom = change.validFrom === undefined ? before.validFrom : change.validFrom;
      const validUntil = change.validUntil === undefined ? before.validUntil : change.validUntil;
      if (validFrom && validUntil && validUntil <= validFrom)
        throw new HolderError(
          HolderErrorCode.InvalidValidity,
          'valid-until must be after valid-from',
        );
      const at = new Date();
      const after: HolderRecord = {
        ...before,
        displayName: displayName ?? before.displayName,
        status: change.status ?? before.status,
        validFrom,
        validUntil,
      };
      this.holders.updateIn(tx, after, at);
      this.revisions.appendIn(tx, { entity: 'holder', entityId: id, action: 'update', at });
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        holderId: id,
        outcome:
          change.status === 'suspended' && before.status !== 'suspended'
            ? 'holder-suspended'
            : change.status === 'active' && before.status !== 'active'
              ? 'holder-reinstated'
              : 'holder-updated',
        detail: { actor, before: summary(before), after: summary(after) },
      });
      return after;
    });
  }

  /**
   * Deletes a holder and their cards (each card's number may be enrolled again); the audit log
   * keeps everything that happened, this deletion included, with the cards' displays.
   */
  async delete(id: string, actor: AdminActor): Promise<void> {
    await this.unitOfWork.write((tx) => {
      const holder = this.holders.findByIdIn(tx, id);
      if (!holder) throw new HolderError(HolderErrorCode.NotFound, `No holder "${id}"`);
      const at = new Date();
      const cards = this.credentials.removeAllOfHolderIn(tx, id, at);
      this.holders.deleteIn(tx, id);
      this.revisions.appendIn(tx, { entity: 'holder', entityId: id, action: 'delete', at });
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        holderId: id,
        outcome: 'holder-deleted',
        detail: {
          actor,
          displayName: holder.displayName,
          credentials: cards.map((c) => ({ kind: c.kind, display: c.display })),
        },
      });
    });
  }

  /**
   * Adds a card to a holder: a UID as typed, or a bank-card number (checked with Luhn, turned
   * into its HMAC and mask at once; the digits are not kept, logged or returned).
   */
  async addCredential(
    holderId: string,
    card: { kind: 'uid' | 'pan'; value: string; uses?: number | null },
    actor: AdminActor,
  ): Promise<EnrolledCredential> {
    const pan =
      card.kind === 'pan' ? PanCredential.fromDigits(card.value.replace(/[\s-]/g, '')) : null;
    if (pan && !pan.ok)
      throw new CredentialError(
        CredentialErrorCode.InvalidPan,
        'That is not a bank-card number (12 to 19 digits with a valid check digit)',
      );
    return this.unitOfWork.write((tx) => {
      if (!this.holders.findByIdIn(tx, holderId))
        throw new HolderError(HolderErrorCode.NotFound, `No holder "${holderId}"`);
      const at = new Date();
      const enrolment = { holderId, usesLeft: card.uses ?? null };
      const enrolled = pan?.ok
        ? this.credentials.enrolPanIn(tx, { ...enrolment, pan: pan.pan }, at)
        : this.credentials.enrolUidIn(tx, { ...enrolment, uid: card.value }, at);
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        holderId,
        credentialKind: enrolled.kind,
        credentialDisplay: enrolled.display,
        outcome: 'credential-enrolled',
        detail: { actor, credentialId: enrolled.id },
      });
      return enrolled;
    });
  }

  /** Revokes one of a holder's cards: denied from the very next tap. An audited admin action. */
  revokeCredential(credentialId: string, actor: AdminActor): Promise<CredentialRecord> {
    return this.unitOfWork.write((tx) => {
      const at = new Date();
      const revoked = this.credentials.revokeIn(tx, credentialId, at);
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        holderId: revoked.holderId,
        credentialKind: revoked.kind,
        credentialDisplay: revoked.display,
        outcome: 'credential-revoked',
        detail: { actor, credentialId },
      });
      return revoked;
    });
  }

  /** A page of holders by name; `after` is the last of the previous page. */
  page(after: { name: string; id: string } | null, limit: number): HolderRecord[] {
    return this.holders.pageByName(after, limit);
  }

  listCredentials(holderId: string): Promise<CredentialRecord[]> {
    return this.credentials.listForHolder(holderId);
  }

  findById(id: string): HolderRecord | null {
    return this.holders.findById(id);
  }

  list(): Promise<HolderRecord[]> {
    return this.holders.listByName();
  }
}

function checkedName(name: string): string {
  const displayName = name.trim();
  if (displayName.length < 1 || displayName.length > 64) {
    throw new HolderError(HolderErrorCode.InvalidName, 'A display name has 1 to 64 characters');
  }
  // Control and format characters (newlines, ESC sequences, bidi overrides, zero-width) would
  // reach terminals, logs and the LCD as commands, or hide what a name says: refused, not echoed.
  if (/[\p{Cc}\p{Cf}]/u.test(displayName)) {
    throw new HolderError(
      HolderErrorCode.InvalidName,
      'A display name may not hold control or invisible formatting characters',
    );
  }
  return displayName;
}

const summary = (h: HolderRecord) => ({
  displayName: h.displayName,
  status: h.status,
  validFrom: h.validFrom,
  validUntil: h.validUntil,
});
