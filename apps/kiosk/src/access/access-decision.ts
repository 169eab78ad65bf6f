/**
 * The access rule, as one pure function: no database, no clock, no I/O. Everything it needs is in
 * the request, so every branch is unit-tested and the tap path can log exactly why.
 */
export type DenyReason =
  | 'unreadable-card' // the card answered, but not well enough to read a credential
  | 'random-uid' // a phone or privacy card: its UID changes on every tap
  | 'no-credential' // a readable card that carries nothing we accept
  | 'door-lockdown'
  | 'unknown'
  | 'revoked'
  | 'suspended'
  | 'not-yet-valid'
  | 'expired'
  | 'used-up' // a visitor card whose entries are all used
  | 'outside-time-window';

export const DENY_REASONS: readonly DenyReason[] = [
  'unreadable-card',
  'random-uid',
  'no-credential',
  'door-lockdown',
  'unknown',
  'revoked',
  'suspended',
  'not-yet-valid',
  'expired',
  'used-up',
  'outside-time-window',
];

export type AccessDecision = { granted: true } | { granted: false; reason: DenyReason };

interface Validity {
  validFrom: Date | null;
  validUntil: Date | null;
}

/** A weekly window in the terminal's local time; end is exclusive. */
export interface TimeWindow {
  daysOfWeek: readonly number[]; // 0 = Sunday
  startMinute: number; // minutes after local midnight
  endMinute: number;
}

export interface AccessRequest {
  now: Date;
  /** The terminal's local day and minute of `now` (the caller knows the time zone; the rule does not). */
  localTime: { dayOfWeek: number; minuteOfDay: number };
  card: { ok: true } | { ok: false; refusal: 'unreadable-card' | 'random-uid' | 'no-credential' };
  door: { lockdown: boolean };
  credential:
    | (Validity & {
        status: 'active' | 'suspended' | 'revoked';
        /** Entries left on a visitor card; null: no limit. */
        usesLeft?: number | null;
      })
    | null;
  holder: (Validity & { status: 'active' | 'suspended' }) | null;
  /** null: no time restriction; empty: no time at all. */
  timeWindows: readonly TimeWindow[] | null;
}

const deny = (reason: DenyReason): AccessDecision => ({ granted: false, reason });

/** Checks run from the card outwards; the first failing check names the reason. */
export function decideAccess(request: AccessRequest): AccessDecision {
  const { card, door, credential, holder, now } = request;
  if (!card.ok) return deny(card.refusal);
  if (door.lockdown) return deny('door-lockdown');
  if (!credential || !holder) return deny('unknown');
  if (credential.status === 'revoked') return deny('revoked');
  if (credential.status === 'suspended' || holder.status === 'suspended') return deny('suspended');
  if (startsAfter(credential, now) || startsAfter(holder, now)) return deny('not-yet-valid');
  if (endedBy(credential, now) || endedBy(holder, now)) return deny('expired');
  if (credential.usesLeft === 0) return deny('used-up');
  if (!withinWindows(request.timeWindows, request.localTime)) return deny('outside-time-window');
  return { granted: true };
}

const startsAfter = (v: Validity, now: Date) => v.validFrom !== null && now < v.validFrom;
// validUntil is exclusive: a card valid until 18:00 no longer opens at 18:00.
const endedBy = (v: Validity, now: Date) => v.validUntil !== null && now >= v.validUntil;

function withinWindows(
  windows: readonly TimeWindow[] | null,
  t: AccessRequest['localTime'],
): boolean {
  if (windows === null) return true;
  return windows.some(
    (w) =>
      w.daysOfWeek.includes(t.dayOfWeek) &&
      t.minuteOfDay >= w.startMinute &&
      t.minuteOfDay < w.endMinute,
  );
}
