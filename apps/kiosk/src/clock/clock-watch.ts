import { EventEmitter } from 'node:events';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuditRecordInput } from '../audit/audit-event';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { earliestPlausible } from './build-date';
import {
  judgeClock,
  sameTrust,
  type ClockJudgement,
  type ClockPolicy,
  type ClockRules,
  type ClockTrust,
  type NtpSync,
} from './clock-trust';
import { readNtpSync } from './ntp-sync';
import { takeNtpSyncReadAtStart } from './start-up-ntp-sync';

/** How often the sync state is read and the clocks compared (besides before every tap). */
export const CLOCK_CHECK_EVERY_MS = 60_000;
/** A wall clock that moves this much more or less than elapsed time has jumped. */
export const CLOCK_JUMP_MS = 2000;

export interface ClockSources {
  wallMs(): number;
  monotonicMs(): number;
  ntpSync(): Promise<NtpSync>;
}

const systemClocks: ClockSources = {
  wallMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  ntpSync: () => readNtpSync(),
};

/** What health reports and the tap path acts on. */
export interface ClockStatus {
  trust: ClockTrust;
  policy: ClockPolicy;
  sync: NtpSync;
  /** Since when the clock has been as it is (trusted or not), as the wall clock said then. */
  since: string | null;
}

/**
 * Whether the clock can be trusted, judged at start, every minute (with the NTP sync state) and
 * before every tap (the clocks only: two reads, so a jump never waits a minute to count). Each
 * jump and each change of trust is recorded; 'changed' tells the tap path (its log, the LCDs).
 * The configured policy says what a decision does meanwhile (access-decision.ts).
 */
@Injectable()
export class ClockWatch
  extends EventEmitter<{ changed: [ClockStatus] }>
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | null = null;
  /** The sync state read for the start's judgement, from init until bootstrap takes it. */
  private startSync: Promise<NtpSync> | null = null;
  private judgement: ClockJudgement | null = null;
  private since: string | null = null;
  private readonly rules: ClockRules;

  /** The clocks compared; a spec sets its own. */
  clocks: ClockSources = systemClocks;

  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly audit: AuditService,
  ) {
    super();
    this.rules = {
      earliestMs: earliestPlausible().getTime(),
      jumpToleranceMs: CLOCK_JUMP_MS,
      requireSync: config.clock.requireSync,
    };
  }

  /**
   * The sync state for the start's judgement is the one main.ts began reading before Nest loaded
   * (start-up-ntp-sync.ts), or else is asked for here (a process: 25-90 ms); either way it is
   * judged at bootstrap, as before, and the wait runs beside the door board's start.
   */
  onModuleInit(): void {
    const early = this.clocks === systemClocks ? takeNtpSyncReadAtStart() : null;
    this.startSync = early ?? this.clocks.ntpSync();
    // Taken by onApplicationBootstrap; a start that fails before it leaves it unawaited.
    this.startSync.catch(() => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const sync = this.startSync ?? this.clocks.ntpSync();
    this.startSync = null;
    await this.judge(await sync);
    this.timer = setInterval(() => void this.check(), CLOCK_CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The full check: the sync state (a process, at most 2 s) and the clocks. */
  async check(): Promise<ClockTrust> {
    const sync = await this.clocks.ntpSync();
    return this.judge(sync);
  }

  /** Before a tap: the clocks alone, so the decision sees a jump made since the last check. */
  beforeTap(): Promise<ClockTrust> {
    return this.judge(null);
  }

  status(): ClockStatus {
    return {
      trust: this.judgement?.trust ?? { trusted: true },
      policy: this.config.clock.policy,
      sync: this.judgement?.sync ?? 'unknown',
      since: this.since,
    };
  }

  /** The decision's view of the clock (AccessRequest.clock). */
  forDecision(): { trusted: true } | { trusted: false; policy: ClockPolicy } {
    const { trust, policy } = this.status();
    return trust.trusted ? { trusted: true } : { trusted: false, policy };
  }

  private async judge(sync: NtpSync | null): Promise<ClockTrust> {
    const before = this.judgement;
    const wallMs = this.clocks.wallMs();
    const next = judgeClock(
      before,
      { wallMs, monoMs: this.clocks.monotonicMs(), sync },
      this.rules,
    );
    this.judgement = next;
    const changed = before ? !sameTrust(before.trust, next.trust) : !next.trust.trusted;
    if (changed || !before) this.since = new Date(wallMs).toISOString();
    const records: AuditRecordInput[] = [];
    if (next.jumpedNow !== null && before) records.push(jumpRecord(before, next));
    if (changed) {
      records.push(this.trustRecord(next, wallMs));
      this.emit('changed', this.status());
    }
    // A log that cannot be written says so itself (WriteOutage); the judgement stands.
    for (const record of records) await this.audit.record(record).catch(() => undefined);
    return next.trust;
  }

  private trustRecord(next: ClockJudgement, wallMs: number): AuditRecordInput {
    const clock = new Date(wallMs).toISOString();
    const { policy } = this.config.clock;
    if (next.trust.trusted)
      return { type: 'service', outcome: 'clock-trusted', detail: { clock, sync: next.sync } };
    return {
      type: 'service',
      outcome: 'clock-untrusted',
      reason: next.trust.reason,
      detail: {
        clock,
        policy,
        sync: next.sync,
        ...(next.trust.reason === 'jumped' ? { jumpMs: next.trust.jumpMs } : {}),
        ...(next.trust.reason === 'before-build-date'
          ? { earliest: new Date(this.rules.earliestMs).toISOString() }
          : {}),
      },
    };
  }
}

/** A jump, with how far and which way (recorded even while the clock is already untrusted). */
function jumpRecord(before: ClockJudgement, next: ClockJudgement): AuditRecordInput {
  const jumpMs = next.jumpedNow ?? 0;
  const elapsed = next.last.monoMs - before.last.monoMs;
  return {
    type: 'service',
    outcome: 'clock-jumped',
    reason: jumpMs > 0 ? 'forward' : 'back',
    detail: {
      jumpMs,
      before: new Date(before.last.wallMs + elapsed).toISOString(),
      after: new Date(next.last.wallMs).toISOString(),
    },
  };
}
