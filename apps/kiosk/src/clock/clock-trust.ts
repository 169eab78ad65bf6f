/**
 * Whether the wall clock can be trusted, as one pure function over what was read: schedules,
 * validity dates and the audit log's times all depend on it. No clock and no I/O here; the
 * ClockWatch reads the clocks and the sync state and keeps the judgement between checks.
 */

/** What the kiosk does while its clock is untrusted (docs/operations.md, "The clock"). */
export const CLOCK_POLICIES = ['deny-scheduled', 'ignore-schedules', 'deny-all'] as const;
export type ClockPolicy = (typeof CLOCK_POLICIES)[number];

/** The system's NTP sync state; unknown where it cannot be read (no systemd, a container). */
export type NtpSync = 'synchronised' | 'not-synchronised' | 'unknown';

export type UntrustedReason = 'before-build-date' | 'jumped' | 'not-synchronised';

export type ClockTrust =
  | { trusted: true }
  | {
      trusted: false;
      reason: UntrustedReason;
      /** The last jump, for 'jumped'. */ jumpMs?: number;
    };

export interface ClockRules {
  /** No earlier time can be right: the kiosk's build date (or its first release). */
  earliestMs: number;
  /** Wall time moving this much more or less than monotonic time is a jump, not drift. */
  jumpToleranceMs: number;
  /** Only an NTP-synchronised clock is trusted (else an unreadable or unsynced state is fine). */
  requireSync: boolean;
}

/** One look at the clocks; `sync` only when it was read this time (it costs a process). */
export interface ClockReading {
  wallMs: number;
  monoMs: number;
  sync: NtpSync | null;
}

/** What the judge keeps between checks. */
export interface ClockJudgement {
  trust: ClockTrust;
  /** The clocks at the last check, to measure the next jump against. */
  last: { wallMs: number; monoMs: number };
  /** The last jump not yet cleared by a synchronised clock; null: none. */
  jumpMs: number | null;
  sync: NtpSync;
  /** A jump found by this check (each is recorded, even while already untrusted). */
  jumpedNow: number | null;
}

/**
 * Judges the clock at `reading`, given the judgement before it (null: at start).
 * - A wall clock before the build date is wrong (a board without a battery-backed clock after a
 *   power cut), whatever else holds.
 * - A jump against the monotonic clock (NTP stepping it, a person setting it) leaves the clock
 *   untrusted until a later reading of the sync state finds it synchronised with no jump since:
 *   NTP either made the step or has agreed with the time since. Where the state cannot be read,
 *   nothing can clear it but a restart (after someone has checked the clock).
 * - With `requireSync`, a clock NTP has not synchronised (or whose state cannot be read) is not
 *   trusted. Without it, an unsynchronised clock is trusted: a site without network time reads
 *   "not synchronised" for ever, and its battery-backed clock is all it has.
 */
export function judgeClock(
  before: ClockJudgement | null,
  reading: ClockReading,
  rules: ClockRules,
): ClockJudgement {
  const { wallMs, monoMs } = reading;
  const measured = before
    ? Math.round(wallMs - before.last.wallMs - (monoMs - before.last.monoMs))
    : 0;
  const jumpedNow = Math.abs(measured) > rules.jumpToleranceMs ? measured : null;
  const sync = reading.sync ?? before?.sync ?? 'unknown';
  let jumpMs = jumpedNow ?? before?.jumpMs ?? null;
  if (jumpedNow === null && reading.sync === 'synchronised') jumpMs = null;
  return {
    trust: trustOf(wallMs, jumpMs, sync, rules),
    last: { wallMs, monoMs },
    jumpMs,
    sync,
    jumpedNow,
  };
}

function trustOf(
  wallMs: number,
  jumpMs: number | null,
  sync: NtpSync,
  rules: ClockRules,
): ClockTrust {
  if (wallMs < rules.earliestMs) return { trusted: false, reason: 'before-build-date' };
  if (jumpMs !== null) return { trusted: false, reason: 'jumped', jumpMs };
  if (rules.requireSync && sync !== 'synchronised')
    return { trusted: false, reason: 'not-synchronised' };
  return { trusted: true };
}

/** Whether two judgements tell the same (a new jump is told on its own). */
export const sameTrust = (a: ClockTrust, b: ClockTrust): boolean =>
  a.trusted ? b.trusted : !b.trusted && a.reason === b.reason;
