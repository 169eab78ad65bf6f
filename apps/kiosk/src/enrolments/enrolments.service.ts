import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Credential } from '@kiosk/card';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { CredentialError } from '../credentials/credentials.errors';
import { CredentialsService, type EnrolledCredential } from '../credentials/credentials.service';
import { UnitOfWork } from '../database/unit-of-work';
import { DoorNotFoundError, ReaderWithoutDoorError } from '../doors/doors.errors';
import { DoorsService } from '../doors/doors.service';
import { HolderError, HolderErrorCode } from '../holders/holders.errors';
import { HoldersService } from '../holders/holders.service';

export type EnrolmentState =
  | { status: 'waiting' }
  | { status: 'enrolled'; credential: EnrolledCredential }
  | { status: 'conflict'; message: string }
  | { status: 'timeout' };

export interface Enrolment {
  id: string;
  holderId: string;
  doorId: string;
  /** The one reader whose next card is taken; null: any reader of the door. */
  reader: string | null;
  expiresAt: Date;
  state: EnrolmentState;
}

/** How long a finished enrolment's result stays readable. */
const RESULT_KEPT_MS = 10 * 60_000;

/**
 * Enrol by tap: the next card presented at a door becomes a holder's credential. While one is
 * waiting at a door, a card read there opens nothing: TapOrchestrator hands it here, and it is
 * enrolled (with its allowlist revision and an 'admin-action' record, in one transaction) or
 * refused as a conflict (enrolled already). Waiting enrolments live in memory: a restart ends
 * them, and the client sees a timeout.
 */
@Injectable()
export class EnrolmentsService {
  private readonly enrolments = new Map<string, Enrolment & { actor: AdminActor }>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly credentials: CredentialsService,
    private readonly holders: HoldersService,
    private readonly doors: DoorsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Waits for the next card at a door, or at one reader of it (a reader that opens no door, or
   * another door than the one given, is refused as door-not-found). `mayActOn` checks the
   * caller's door scope once the door is known.
   */
  start(
    holderId: string,
    at: { doorId?: string; reader?: string },
    timeoutMs: number,
    actor: AdminActor,
    mayActOn: (doorId: string) => void = () => undefined,
  ): Enrolment {
    if (!this.holders.findById(holderId))
      throw new HolderError(HolderErrorCode.NotFound, `No holder "${holderId}"`);
    const reader = at.reader ?? null;
    const readersDoor = reader === null ? null : (this.doors.doorForReader(reader)?.id ?? null);
    if (reader !== null && (readersDoor === null || (at.doorId ?? readersDoor) !== readersDoor))
      throw new ReaderWithoutDoorError(reader, at.doorId);
    const doorId = at.doorId ?? readersDoor;
    if (doorId === null || !this.doors.list().some((d) => d.id === doorId))
      throw new DoorNotFoundError(doorId ?? '');
    mayActOn(doorId);
    this.forgetOld();
    const enrolment = {
      id: randomUUID(),
      holderId,
      doorId,
      reader,
      expiresAt: new Date(Date.now() + timeoutMs),
      state: { status: 'waiting' } as EnrolmentState,
      actor,
    };
    this.enrolments.set(enrolment.id, enrolment);
    return this.view(enrolment);
  }

  get(id: string): Enrolment | null {
    const enrolment = this.enrolments.get(id);
    if (!enrolment) return null;
    this.expire(enrolment);
    return this.view(enrolment);
  }

  /**
   * The enrolment waiting at this door (and, for one bound to a reader, at this reader), if any:
   * TapOrchestrator asks before deciding. Taken once: the card read is this enrolment's, and it
   * opens nothing.
   */
  takeWaiting(doorId: string, reader: string): (Enrolment & { actor: AdminActor }) | null {
    for (const enrolment of this.enrolments.values()) {
      this.expire(enrolment);
      if (
        enrolment.doorId === doorId &&
        (enrolment.reader === null || enrolment.reader === reader) &&
        enrolment.state.status === 'waiting'
      )
        return enrolment;
    }
    return null;
  }

  /** Enrols the card read for the waiting enrolment; records it; the result is readable after. */
  async complete(
    enrolment: Enrolment & { actor: AdminActor },
    credential: Credential,
    reader: string,
  ): Promise<EnrolmentState> {
    // TapOrchestrator handles one read at a time, so no second card can take this enrolment.
    try {
      const enrolled = await this.unitOfWork.write((tx) => {
        const at = new Date();
        const result =
          credential.kind === 'uid'
            ? this.credentials.enrolUidIn(
                tx,
                { holderId: enrolment.holderId, uid: credential.uid },
                at,
              )
            : this.credentials.enrolPanIn(
                tx,
                { holderId: enrolment.holderId, pan: credential.pan },
                at,
              );
        this.audit.recordIn(tx, {
          type: 'admin-action',
          at,
          doorId: enrolment.doorId,
          reader,
          holderId: enrolment.holderId,
          credentialKind: result.kind,
          credentialDisplay: result.display,
          outcome: 'enrolled-by-tap',
          detail: { actor: enrolment.actor, enrolmentId: enrolment.id },
        });
        return result;
      });
      enrolment.state = { status: 'enrolled', credential: enrolled };
    } catch (err) {
      if (!(err instanceof CredentialError)) throw err;
      enrolment.state = { status: 'conflict', message: err.message };
    }
    return enrolment.state;
  }

  private expire(enrolment: Enrolment): void {
    if (enrolment.state.status === 'waiting' && enrolment.expiresAt <= new Date())
      enrolment.state = { status: 'timeout' };
  }

  private forgetOld(): void {
    const before = Date.now() - RESULT_KEPT_MS;
    for (const [id, e] of this.enrolments)
      if (e.expiresAt.getTime() < before) this.enrolments.delete(id);
  }

  private view(e: Enrolment): Enrolment {
    return {
      id: e.id,
      holderId: e.holderId,
      doorId: e.doorId,
      reader: e.reader,
      expiresAt: e.expiresAt,
      state: e.state,
    };
  }
}
