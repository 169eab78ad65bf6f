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
import type { WriteTransaction } from '../database/write-transaction';
import { AccessGroupsRepository } from '../access-groups/access-groups.repository';
import { checkedName } from '../naming/checked-name';
import type { HolderRecord } from './holder';
import { HolderError, HolderErrorCode } from './holders.errors';
import { HoldersRepository, type HolderFilter } from './holders.repository';

export interface NewHolderInput {
  displayName: string;
  /** Default active; an import may bring suspended holders. */
  status?: HolderRecord['status'];
  /** What the LCD greets them with, if not the name (one 16-character line). */
  lcdName?: string | null;
  notes?: string | null;
  visitor?: boolean;
  /** The access groups they join; none: no door opens for them. */
  groupIds?: readonly string[];
  /** UIDs as typed; with entries left of their own (an import), else `uses` applies. */
  uids: readonly (string | { uid: string; usesLeft: number | null })[];
  /** Bank cards, read from a card or typed on standard input; never from a command line. */
  pans?: readonly PanCredential[];
  validFrom?: Date | null;
  validUntil?: Date | null;
  /** A visitor: each of the cards enrolled here is good for this many entries. */
  uses?: number | null;
}

export interface CreatedHolder extends HolderRecord {
  credentials: EnrolledCredential[];
}

/** What an update may change; absent: unchanged; a validity, LCD name or notes of null: lifted. */
export type HolderChange = Partial<
  Pick<
    HolderRecord,
    | 'displayName'
    | 'lcdName'
    | 'status'
    | 'validFrom'
    | 'validUntil'
    | 'notes'
    | 'visitor'
    | 'groupIds'
  >
>;

@Injectable()
export class HoldersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly holders: HoldersRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    private readonly credentials: CredentialsService,
    private readonly groups: AccessGroupsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The holder, their cards, the revisions and the audit record: one transaction, all or nothing. */
  create(input: NewHolderInput, actor: AdminActor): Promise<CreatedHolder> {
    return this.unitOfWork.write((tx) => this.createIn(tx, input, new Date(), actor));
  }

  /**
   * Creates a holder in the caller's transaction: checked, inserted with their groups and cards,
   * each change numbered. With an actor, recorded as an admin action of its own; without, the
   * caller records the action it is part of (an import).
   */
  createIn(
    tx: WriteTransaction,
    input: NewHolderInput,
    at: Date,
    actor: AdminActor | null,
  ): CreatedHolder {
    const fields = checkedFields({
      displayName: input.displayName,
      lcdName: input.lcdName ?? null,
      notes: input.notes ?? null,
    });
    const validFrom = input.validFrom ?? null;
    const validUntil = input.validUntil ?? null;
    assertValidity(validFrom, validUntil);
    const groupIds = [...new Set(input.groupIds ?? [])].sort();
    const uses = input.uses ?? null;
    const uids = input.uids.map((u) => (typeof u === 'string' ? { uid: u, usesLeft: uses } : u));
    for (const usesLeft of [uses, ...uids.map((u) => u.usesLeft)])
      if (usesLeft !== null && (!Number.isInteger(usesLeft) || usesLeft < 0 || usesLeft > 10_000))
        throw new HolderError(
          HolderErrorCode.InvalidUses,
          'uses is a whole number from 1 to 10000',
        );
    if (uses === 0)
      throw new HolderError(HolderErrorCode.InvalidUses, 'uses is a whole number from 1 to 10000');
    this.assertGroupsExistIn(tx, groupIds);
    // Every card is checked before anything is written: a holder refused writes nothing.
    const wanted = [
      ...uids.map((u) => ({ card: { uid: u.uid }, usesLeft: u.usesLeft })),
      ...(input.pans ?? []).map((pan) => ({ card: { pan }, usesLeft: uses })),
    ];
    const cards = this.credentials.checkedNewIn(
      tx,
      wanted.map((w) => w.card),
    );
    const id = randomUUID();
    const holder: HolderRecord = {
      id,
      displayName: fields.displayName!,
      lcdName: fields.lcdName ?? null,
      notes: fields.notes ?? null,
      visitor: input.visitor ?? false,
      status: input.status ?? 'active',
      validFrom,
      validUntil,
      groupIds,
    };
    this.holders.insertIn(tx, { ...holder, at });
    this.groups.addHolderGroupsIn(tx, id, groupIds);
    this.revisions.appendIn(tx, { entity: 'holder', entityId: id, action: 'create', at });
    const credentials = cards.map((card, i) =>
      this.credentials.enrolCheckedIn(
        tx,
        card,
        { holderId: id, usesLeft: wanted[i]!.usesLeft },
        at,
      ),
    );
    if (actor)
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        holderId: id,
        outcome: 'holder-created',
        detail: {
          actor,
          ...summary(holder),
          credentials: credentials.map((c) => ({ kind: c.kind, display: c.display })),
        },
      });
    return { ...holder, credentials };
  }

  /**
   * Changes a holder's names, status (suspend, reinstate), validity, notes, visitor flag or
   * groups (given: replace all of them); applies from the very next tap. One transaction with its allowlist revision and audit record.
   */
  async update(id: string, change: HolderChange, actor: AdminActor): Promise<HolderRecord> {
    const fields = checkedFields(change);
    const groupIds = change.groupIds && [...new Set(change.groupIds)].sort();
    return this.unitOfWork.write((tx) => {
      const before = this.holders.findByIdIn(tx, id);
      if (!before) throw new HolderError(HolderErrorCode.NotFound, `No holder "${id}"`);
      const after: HolderRecord = { ...before, ...definedOnly({ ...change, ...fields, groupIds }) };
      assertValidity(after.validFrom, after.validUntil);
      const at = new Date();
      this.holders.updateIn(tx, after, at);
      if (groupIds) {
        this.assertGroupsExistIn(tx, groupIds);
        this.groups.setHolderGroupsIn(tx, id, groupIds);
      }
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
  page(
    after: { name: string; id: string } | null,
    limit: number,
    filter: HolderFilter = {},
  ): HolderRecord[] {
    return this.holders.pageByName(after, limit, filter);
  }

  listCredentials(holderId: string): Promise<CredentialRecord[]> {
    return this.credentials.listForHolder(holderId);
  }

  findById(id: string): HolderRecord | null {
    return this.holders.findById(id);
  }

  list(): HolderRecord[] {
    return this.holders.listByName();
  }

  private assertGroupsExistIn(tx: WriteTransaction, groupIds: readonly string[]): void {
    const missing = this.groups.missingIn(tx, groupIds);
    if (missing.length > 0)
      throw new HolderError(
        HolderErrorCode.GroupNotFound,
        `No access group ${missing.map((g) => `"${g}"`).join(', ')}`,
      );
  }
}

/** The holder's texts, checked; absent ones stay absent. */
function checkedFields(input: {
  displayName?: string;
  lcdName?: string | null;
  notes?: string | null;
}): { displayName?: string; lcdName?: string | null; notes?: string | null } {
  return definedOnly({
    displayName:
      input.displayName === undefined ? undefined : checkedName(input.displayName, 'display name'),
    // An empty LCD name or notes clears them, like null.
    lcdName:
      input.lcdName === undefined
        ? undefined
        : input.lcdName === null || input.lcdName.trim() === ''
          ? null
          : checkedName(input.lcdName, 'LCD name', 16),
    notes:
      input.notes === undefined || input.notes === null ? input.notes : checkedNotes(input.notes),
  });
}

/** Notes may run over lines, but hold no other control or invisible formatting characters. */
function checkedNotes(notes: string): string | null {
  const trimmed = notes.replace(/\r\n/g, '\n').trim();
  if (trimmed.length > 1000)
    throw new HolderError(HolderErrorCode.InvalidNotes, 'Notes have at most 1000 characters');
  if (/[^\P{Cc}\n]|\p{Cf}/u.test(trimmed))
    throw new HolderError(
      HolderErrorCode.InvalidNotes,
      'Notes may not hold control or invisible formatting characters other than new lines',
    );
  return trimmed === '' ? null : trimmed;
}

function assertValidity(validFrom: Date | null, validUntil: Date | null): void {
  if (validFrom && validUntil && validUntil <= validFrom)
    throw new HolderError(HolderErrorCode.InvalidValidity, 'valid-until must be after valid-from');
}

/** The entries of `o` whose value is not undefined (null is a value: it lifts a field). */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const summary = (h: HolderRecord) => ({
  displayName: h.displayName,
  lcdName: h.lcdName,
  status: h.status,
  validFrom: h.validFrom,
  validUntil: h.validUntil,
  visitor: h.visitor,
  groupIds: h.groupIds,
  // Notes are free text about a person: the audit log says that they changed, not what they say.
  notes: h.notes === null ? null : 'set',
});
