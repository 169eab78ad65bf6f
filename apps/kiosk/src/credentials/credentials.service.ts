import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Credential, PanCredential } from '@kiosk/card';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import type { WriteTransaction } from '../database/write-transaction';
import { credentialDisplay } from './card-credential';
import type { CredentialKind, CredentialRecord } from './credential';
import { CredentialError, CredentialErrorCode } from './credentials.errors';
import { CredentialsRepository, type TapLookup } from './credentials.repository';
import { PAN_HMAC_KEY } from './pan-key.provider';
import { parseUidText } from './uid-text';

export interface EnrolledCredential {
  id: string;
  kind: CredentialKind;
  /** The UID, or the masked PAN. */
  display: string;
}

interface Validity {
  validFrom?: Date | null;
  validUntil?: Date | null;
  /** A visitor card good for this many entries; omitted or null: no limit. */
  usesLeft?: number | null;
}

export interface UidEnrolment extends Validity {
  holderId: string;
  uid: string;
}

export interface PanEnrolment extends Validity {
  holderId: string;
  pan: PanCredential;
}

/** A card to enrol: a UID as typed, or a bank card. */
export type NewCard = { uid: string } | { pan: PanCredential };

/** A card parsed and found not enrolled (checkedNewIn), ready to be written. */
export interface CheckedCard {
  kind: CredentialKind;
  lookupKey: string;
  display: string;
}

@Injectable()
export class CredentialsService {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    @Inject(PAN_HMAC_KEY) private readonly panKey: Buffer,
  ) {}

  /** The enrolled credential that a card read names, or null. */
  findForCard(credential: Credential): CredentialRecord | null {
    return this.findForTap(credential)?.credential ?? null;
  }

  /**
   * The same, for the tap path: in one statement with its holder and their groups, and the
   * allowlist revision it was read at (which the access policy compares on every tap).
   */
  findForTap(credential: Credential): TapLookup | null {
    return this.credentials.findForTap(credential.kind, this.lookupKey(credential));
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

  /** The holder's cards now, synchronously (an export reads them holder by holder). */
  listForHolderNow(holderId: string): CredentialRecord[] {
    return this.credentials.listForHolderNow(holderId);
  }

  listForHolder(holderId: string): Promise<CredentialRecord[]> {
    return this.credentials.listForHolder(holderId);
  }

  /**
   * Removes every card of a holder being deleted, each with an allowlist revision; returns what
   * they were (for the audit record, which keeps the history).
   */
  removeAllOfHolderIn(tx: WriteTransaction, holderId: string, at: Date): CredentialRecord[] {
    const cards = this.credentials.listForHolderIn(tx, holderId);
    for (const card of cards)
      this.revisions.appendIn(tx, {
        entity: 'credential',
        entityId: card.id,
        action: 'revoke',
        at,
      });
    this.credentials.deleteForHolderIn(tx, holderId);
    return cards;
  }

  /** Takes one entry from a limited card, in the caller's transaction (its grant's record). */
  consumeUseIn(tx: WriteTransaction, credentialId: string, at: Date): boolean {
    return this.credentials.consumeUseIn(tx, credentialId, at);
  }

  /**
   * Revokes a credential in the caller's transaction, with its allowlist revision: the very next
   * tap of that card is denied ('revoked'), since the tap path reads the allowlist as it is.
   */
  revokeIn(tx: WriteTransaction, credentialId: string, at: Date): CredentialRecord {
    const credential = this.credentials.findByIdIn(tx, credentialId);
    if (!credential)
      throw new CredentialError(CredentialErrorCode.NotFound, `No credential "${credentialId}"`);
    if (credential.status !== 'revoked') {
      this.credentials.setStatusIn(tx, credentialId, 'revoked', at);
      this.revisions.appendIn(tx, {
        entity: 'credential',
        entityId: credentialId,
        action: 'revoke',
        at,
      });
    }
    return { ...credential, status: 'revoked' };
  }

  /** Enrols a typed UID in the caller's write transaction, with its allowlist revision. */
  enrolUidIn(tx: WriteTransaction, enrolment: UidEnrolment, at: Date): EnrolledCredential {
    const [card] = this.checkedNewIn(tx, [{ uid: enrolment.uid }]);
    return this.enrolCheckedIn(tx, card!, enrolment, at);
  }

  /** Enrols a bank card: only its HMAC and its masked form are stored. */
  enrolPanIn(tx: WriteTransaction, enrolment: PanEnrolment, at: Date): EnrolledCredential {
    const [card] = this.checkedNewIn(tx, [{ pan: enrolment.pan }]);
    return this.enrolCheckedIn(tx, card!, enrolment, at);
  }

  /**
   * The cards, each parsed (a UID as typed) and checked not enrolled, neither already nor twice
   * in the list, before anything is written: a holder whose cards fail is refused with nothing
   * written, so an import needs no savepoint per row.
   */
  checkedNewIn(tx: WriteTransaction, cards: readonly NewCard[]): CheckedCard[] {
    const keys = new Set<string>();
    return cards.map((card) => {
      const credential: Credential =
        'uid' in card
          ? { kind: 'uid', uid: parseUidText(card.uid) }
          : { kind: 'pan', pan: card.pan };
      const checked = {
        kind: credential.kind,
        lookupKey: this.lookupKey(credential),
        display: credentialDisplay(credential),
      };
      const key = `${checked.kind} ${checked.lookupKey}`;
      if (keys.has(key) || this.credentials.existsIn(tx, checked.kind, checked.lookupKey))
        throw new CredentialError(
          CredentialErrorCode.AlreadyEnrolled,
          `Card ${checked.display} is already enrolled`,
        );
      keys.add(key);
      return checked;
    });
  }

  /** Enrols a card checkedNewIn passed, in the same transaction, with its allowlist revision. */
  enrolCheckedIn(
    tx: WriteTransaction,
    card: CheckedCard,
    enrolment: Validity & { holderId: string },
    at: Date,
  ): EnrolledCredential {
    const id = randomUUID();
    this.credentials.insertIn(tx, {
      id,
      holderId: enrolment.holderId,
      kind: card.kind,
      lookupKey: card.lookupKey,
      display: card.display,
      validFrom: enrolment.validFrom ?? null,
      validUntil: enrolment.validUntil ?? null,
      usesLeft: enrolment.usesLeft ?? null,
      at,
    });
    this.revisions.appendIn(tx, { entity: 'credential', entityId: id, action: 'enrol', at });
    return { id, kind: card.kind, display: card.display };
  }
}
