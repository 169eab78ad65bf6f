import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ReaderManager, type CardRead, type Credential, type ReaderEvent } from '@kiosk/card';
import type { AccessDecision } from '../access/access-decision';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClockWatch, type ClockStatus } from '../clock/clock-watch';
import { credentialDisplay } from '../credentials/card-credential';
import { normaliseCredential } from '../credentials/credential-text';
import { WalCheckpointer } from '../database/wal-checkpointer';
import { UnitOfWork } from '../database/unit-of-work';
import { WriteOutage, type Outage } from '../database/write-outage';
import type { ClockNotice } from '../doors/door-messages';
import { DoorsService } from '../doors/doors.service';
import { EnrolmentsService } from '../enrolments/enrolments.service';
import { cardReadFromOsdp } from './osdp-card-read';
import { ReaderPace, type CountedReads } from './reader-pace';

/** A decision the door board took: what a person waited for, from the read's start. */
export interface DoorAcknowledged {
  doorId: string;
  granted: boolean;
  /** From the card read starting (for an OSDP reader: its report arriving) to the board's ack. */
  seconds: number;
}

export type TapResult =
  | { kind: 'incomplete-read'; seq: number }
  | { kind: 'enrolment'; status: string }
  | { kind: 'decided'; decision: AccessDecision; seq: number; doorError: string | null };

/**
 * The tap path, wired in one place: card read → allowlist → decision → audit record → door.
 * The record is durable before the door is told, so no door opens without its record.
 * Reads are handled one at a time, in the order they arrive.
 */
@Injectable()
export class TapOrchestrator
  extends EventEmitter<{ 'door-acknowledged': [DoorAcknowledged] }>
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private queue: Promise<unknown> = Promise.resolve();
  /** Set at shutdown: reads are no longer taken. */
  private closing = false;

  constructor(
    private readonly readers: ReaderManager,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly doors: DoorsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly enrolments: EnrolmentsService,
    private readonly outage: WriteOutage,
    private readonly clock: ClockWatch,
    private readonly checkpointer: WalCheckpointer,
    @InjectPinoLogger(TapOrchestrator.name) private readonly logger: PinoLogger,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.readers.on('card-read', (read: CardRead) => this.offer(withNormalCredential(read), false));
    this.doors.on('card-read', (osdp) => this.offer(cardReadFromOsdp(osdp, new Date()), true));
    this.readers.on('reader', (event: ReaderEvent) => this.recordReaderEvent(event));
    this.readers.on('error', (err: Error) => this.logger.error({ err }, 'card reader error'));
    const onOutage = (outage: Outage | null) => {
      if (outage)
        this.logger.error(
          { cause: outage.cause },
          'the audit log cannot be written: no door opens for a card until it can',
        );
      else this.logger.info('the audit log can be written again');
      this.doors.setOutOfService('audit-log-unwritable', outage !== null);
    };
    this.outage.on('changed', onOutage);
    // An outage taken up from before a restart (OutageJournal) is already on.
    if (this.outage.outage) onOutage(this.outage.outage);
    const onClock = (status: ClockStatus) => {
      const { trust, policy } = status;
      if (trust.trusted) this.logger.info('the clock can be trusted again');
      else
        this.logger.warn(
          { reason: trust.reason, jumpMs: trust.jumpMs, policy },
          `the clock cannot be trusted (${trust.reason}): policy ${policy}`,
        );
      this.doors.setClockNotice(clockNotice(status));
    };
    this.clock.on('changed', onClock);
    // Judged untrusted at start, before this listened.
    if (!this.clock.status().trust.trusted) onClock(this.clock.status());
    await this.readers.start();
  }

  /**
   * Stopping: no new read is taken; the tap in hand (its record, its door command) finishes, for
   * at most SHUTDOWN_TAP_GRACE_MS; reads counted in a window still open are recorded.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.pace.flush();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), SHUTDOWN_TAP_GRACE_MS);
    });
    const leftInHand = await Promise.race([this.queue.then(() => false), late]);
    clearTimeout(timer);
    if (leftInHand) this.logger.warn('a tap was still in hand at shutdown: left');
  }

  /** Per reader: an OSDP card's repeats are one presentation, and no reader outpaces people. */
  private readonly pace = new ReaderPace({
    ...READER_PACE,
    onCounted: (counted) => this.recordCounted(counted),
    onFlooding: (reader, flooding) => {
      this.logger.warn({ reader, flooding }, 'a card reader keeps sending reads');
      this.audit
        .record({
          type: 'device-event',
          doorId: this.doors.doorForReader(reader)?.id ?? null,
          reader,
          outcome: flooding ? 'flooding' : 'flooding-ended',
          detail: { device: reader, event: 'card-read' },
        })
        .catch((err: unknown) => this.logger.error({ err, reader }, 'flooding not recorded'));
    },
  });

  /** `repeats`: an OSDP reader reports a card on every poll while it stays, a PC/SC reader once. */
  private offer(read: CardRead, repeats: boolean): void {
    if (this.closing) {
      this.logger.info({ reader: read.reader }, 'card read while the service stops: not taken');
      return;
    }
    if (this.pace.offer(read.reader, whatWasRead(read), read.startedAt, repeats) === 'decide')
      this.enqueue(read);
  }

  /** Reads counted in one window: one record, each distinct read with its count. */
  private recordCounted({
    reader,
    reason,
    count,
    firstAt,
    lastAt,
    reads,
    otherReads,
  }: CountedReads) {
    const cards = reads.map(({ read, count: times }) =>
      read.startsWith(UNREAD)
        ? { failure: read.slice(1), count: times }
        : { credential: read, count: times },
    );
    const only = cards.length === 1 && 'credential' in cards[0]! ? cards[0].credential : null;
    if (reason === 'too-fast')
      this.logger.warn(
        { reader, count },
        'a card reader sends reads faster than people tap: counted, not decided',
      );
    this.audit
      .record({
        type: 'card-read-incomplete',
        doorId: this.doors.doorForReader(reader)?.id ?? null,
        reader,
        credentialDisplay: only,
        reason,
        detail: {
          count,
          firstAt: firstAt.toISOString(),
          lastAt: lastAt.toISOString(),
          reads: cards,
          ...(otherReads > 0 ? { otherReads } : {}),
        },
      })
      .catch((err: unknown) => this.logger.error({ err, reader }, 'counted reads not recorded'));
  }

  /** From its arrival until its door is told, a tap holds off the WAL's checkpoint (its pause). */
  private enqueue(read: CardRead): void {
    const release = this.checkpointer.hold();
    this.queue = this.queue
      .then(() => this.handle(read))
      .catch((err: unknown) => this.failed(read, err))
      .finally(release);
  }

  async handle(read: CardRead): Promise<TapResult> {
    const door = this.doors.doorForReader(read.reader);
    if (!door) {
      // A reader that opens no door (docs: KIOSK_DOORS readers): nothing to decide or open.
      const { seq } = await this.audit.record({
        type: 'card-read-incomplete',
        reader: read.reader,
        reason: 'reader-without-door',
        detail: cardDetail(read),
      });
      this.logger.warn({ reader: read.reader, seq }, 'card read on a reader that opens no door');
      return { kind: 'incomplete-read', seq };
    }
    const where = { doorId: door.id, reader: read.reader };
    if (!read.outcome.ok && read.outcome.reason === 'card-removed') {
      const { seq } = await this.audit.record({
        type: 'card-read-incomplete',
        ...where,
        reason: 'card-removed',
        detail: cardDetail(read),
      });
      this.logger.info({ ...where, seq }, 'card removed before it was read: no decision');
      return { kind: 'incomplete-read', seq };
    }
    const enrolment = read.outcome.ok ? this.enrolments.takeWaiting(door.id, read.reader) : null;
    if (enrolment && read.outcome.ok)
      return this.enrol(enrolment, read.outcome.credential, read.reader, door.id);
    const shown = read.outcome.ok ? credentialDisplay(read.outcome.credential) : null;
    // A jump since the last check is judged (and recorded) before the decision that depends on it.
    await this.clock.beforeTap();
    // Decided, used up (a visitor card's entry) and recorded in one unit of work: durable before
    // the door is told, so no door opens without its record, and no two grants share an entry.
    const { decision, holder, seq } = await this.unitOfWork.write((tx) => {
      const started = performance.now();
      const at = new Date();
      const verdict = this.access.decide(read, door, at);
      this.access.consumeIn(tx, verdict, at);
      const decideMs = Math.round((performance.now() - started) * 10) / 10;
      const record = this.audit.recordIn(tx, {
        type: 'access-decision',
        at,
        ...where,
        credentialKind: read.outcome.ok ? read.outcome.credential.kind : null,
        credentialDisplay: shown,
        holderId: verdict.holder?.id ?? null,
        outcome: verdict.decision.granted ? 'granted' : 'denied',
        reason: verdict.decision.granted ? null : verdict.decision.reason,
        detail: {
          ...cardDetail(read),
          method: read.outcome.ok ? read.outcome.method : null,
          decideMs,
          doorOnline: this.doors.isOnline(door.id),
          ...(verdict.credential?.usesLeft != null && verdict.decision.granted
            ? { usesLeft: verdict.credential.usesLeft - 1 }
            : {}),
        },
      });
      return { ...verdict, seq: record.seq };
    });
    const reason = decision.granted ? undefined : decision.reason;
    this.logger.info(
      { ...where, seq, credential: shown ?? undefined, holderId: holder?.id, reason },
      decision.granted ? 'access granted' : 'access denied',
    );
    const doorError = await this.tellDoor(door.id, decision, holder?.displayName ?? '');
    if (doorError === null) {
      this.emit('door-acknowledged', {
        doorId: door.id,
        granted: decision.granted,
        seconds: (Date.now() - read.startedAt.getTime()) / 1000,
      });
    } else {
      await this.audit.record({
        type: 'door-command-failed',
        ...where,
        reason: doorError,
        detail: { decisionSeq: seq },
      });
    }
    return { kind: 'decided', decision, seq, doorError };
  }

  /** A card presented for enrolment: it becomes the holder's (or a conflict); no door opens. */
  private async enrol(
    enrolment: NonNullable<ReturnType<EnrolmentsService['takeWaiting']>>,
    credential: Credential,
    reader: string,
    doorId: string,
  ): Promise<TapResult> {
    const state = await this.enrolments.complete(enrolment, credential, reader);
    this.logger.info(
      { doorId, reader, enrolment: enrolment.id, state: state.status },
      'card presented for enrolment',
    );
    await this.doors
      .showMessage(
        doorId,
        state.status === 'enrolled' ? ['Card enrolled', ''] : ['Not enrolled', 'Card in use'],
      )
      .catch((err: unknown) => this.logger.warn({ err, doorId }, 'enrolment feedback failed'));
    return { kind: 'enrolment', status: state.status };
  }

  /**
   * A tap that could not be handled (the allowlist could not be read, say) opened nothing; it is
   * still recorded when the audit log can be written, so the auditor sees the attempt.
   */
  private async failed(read: CardRead, err: unknown): Promise<void> {
    this.logger.error({ err, reader: read.reader }, 'tap could not be handled');
    // Its record could not be written, so it was not decided and no door opened: counted, and
    // told in the record that comes first once the log can be written again.
    if (this.outage.isStorageFailure(err)) this.outage.tapRefused();
    try {
      await this.audit.record({
        type: 'card-read-incomplete',
        reader: read.reader,
        reason: 'internal-error',
        detail: cardDetail(read),
      });
    } catch (auditErr) {
      this.logger.error(
        { err: auditErr, reader: read.reader },
        'the failed tap could not be recorded either',
      );
    }
  }

  /** A door that does not acknowledge is logged and recorded; it never stops the next tap. */
  private async tellDoor(
    doorId: string,
    decision: AccessDecision,
    displayName: string,
  ): Promise<string | null> {
    try {
      if (decision.granted) await this.doors.open(doorId, displayName);
      else await this.doors.refuse(doorId, decision.reason);
      return null;
    } catch (err) {
      this.logger.error({ err, doorId }, 'door board did not take the command');
      return err instanceof Error
        ? ((err as Error & { code?: string }).code ?? err.message)
        : String(err);
    }
  }

  private recordReaderEvent(event: ReaderEvent): void {
    if (event.type === 'service-lost') this.doors.setOutOfService('card-service-lost', true);
    if (event.type === 'service-restored') this.doors.setOutOfService('card-service-lost', false);
    const reader = 'reader' in event ? event.reader : null;
    this.logger.info({ event }, `reader event: ${event.type}`);
    this.audit
      .record({ type: 'device-event', reader, outcome: event.type, detail: { ...event } })
      .catch((err: unknown) =>
        this.logger.error({ err, event }, 'reader event could not be recorded'),
      );
  }
}

/**
 * How fast one reader may fill the audit log (docs/audit-events.md): a person presents a card in
 * a second or two, so five at once and one a second after is a queue of people at its fastest.
 * 100 distinct reads listed a window is more than an OSDP reader polled every 50 ms can send.
 */
/** At shutdown, the longest a tap in hand may take to finish (its record, its door command). */
const SHUTDOWN_TAP_GRACE_MS = 2000;

const READER_PACE = {
  repeatWindowMs: 3000,
  burst: 5,
  perSecond: 1,
  windowMs: 3000,
  floodAfterMs: 60_000,
  maxListed: 100,
} as const;

/** Marks a read that read no credential (its key is this and the reason). */
const UNREAD = '\u0000';

/** What a read read: the credential as shown (a PAN only masked), or why it read none. */
function whatWasRead(read: CardRead): string {
  return read.outcome.ok
    ? credentialDisplay(read.outcome.credential)
    : `${UNREAD}${read.outcome.reason}`;
}

/** What the LCDs say of the clock: only when its policy keeps someone out. */
function clockNotice({ trust, policy }: ClockStatus): ClockNotice {
  if (trust.trusted || policy === 'ignore-schedules') return 'none';
  return policy === 'deny-all' ? 'all-denied' : 'some-denied';
}

/** Every credential enters through the one normalisation (a UID that spells a PAN is that PAN). */
function withNormalCredential(read: CardRead): CardRead {
  if (!read.outcome.ok) return read;
  return {
    ...read,
    outcome: { ...read.outcome, credential: normaliseCredential(read.outcome.credential) },
  };
}

/** What the audit keeps of the card itself; never a credential (a PAN is only ever masked). */
function cardDetail(read: CardRead) {
  return {
    cardKind: read.cardKind,
    cardName: read.cardName,
    atr: read.atr,
    methodsTried: read.methodsTried,
    readMs: Math.round(read.durationMs),
  };
}
