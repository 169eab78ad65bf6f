import type { ClockPolicy } from '../clock/clock-trust';
import { isScheduleOpen, type LocalMoment, type Schedule } from './schedule-rule';

/**
 * The access rule, as one pure function: no database, no clock, no I/O. Everything it needs is in
 * the request, so every branch is unit-tested and the tap path can log exactly why.
 */
export type DenyReason =
  | 'unreadable-card' // the card answered, but not well enough to read a credential
  | 'random-uid' // a phone or privacy card: its UID changes on every tap
  | 'no-credential' // a readable card that carries nothing we accept
  | 'no-pan-card' // a card of a scheme with no card number (GeldKarte): read, and of no use here
  | 'door-lockdown'
  | 'unknown'
  | 'revoked'
  | 'suspended'
  | 'clock-untrusted' // the clock cannot be trusted, and the clock policy will not judge this by it
  | 'not-yet-valid'
  | 'expired'
  | 'used-up' // a visitor card whose entries are all used
  | 'no-access-group' // the holder belongs to no access group: opens nothing
  | 'door-not-permitted' // none of the holder's groups includes this door
  | 'outside-time-window'; // a group includes the door, but none of its schedules is open now

export const DENY_REASONS: readonly DenyReason[] = [
  'unreadable-card',
  'random-uid',
  'no-credential',
  'no-pan-card',
  'door-lockdown',
  'unknown',
  'revoked',
  'suspended',
  'clock-untrusted',
  'not-yet-valid',
  'expired',
  'used-up',
  'no-access-group',
  'door-not-permitted',
  'outside-time-window',
];

export type AccessDecision = { granted: true } | { granted: false; reason: DenyReason };

interface Validity {
  validFrom: Date | null;
  validUntil: Date | null;
}

/** The door an access group lets its members through, and when (null: at any time). */
export interface GroupDoorRule {
  /** A door id, or `*`: every door of the terminal, present and future. */
  doorId: string;
  schedule: Schedule | null;
}

export const EVERY_DOOR = '*';

export interface AccessRequest {
  now: Date;
  /** `now` on the site's wall clock (the caller knows the time zone; the rule does not). */
  localTime: LocalMoment;
  card:
    | { ok: true }
    | { ok: false; refusal: 'unreadable-card' | 'random-uid' | 'no-credential' | 'no-pan-card' };
  door: { id: string; lockdown: boolean };
  credential:
    | (Validity & {
        status: 'active' | 'suspended' | 'revoked';
        /** Entries left on a visitor card; null: no limit. */
        usesLeft?: number | null;
      })
    | null;
  holder: (Validity & { status: 'active' | 'suspended' }) | null;
  /** The holder's access groups, each as the doors it opens and when. */
  groups: readonly { doors: readonly GroupDoorRule[] }[];
  /** Whether `now` can be trusted; when not, the configured policy says what is still judged. */
  clock: { trusted: true } | { trusted: false; policy: ClockPolicy };
}

const deny = (reason: DenyReason): AccessDecision => ({ granted: false, reason });

/**
 * Checks run from the card outwards; the first failing check names the reason. While the clock
 * cannot be trusted, what depends on it (validity dates, schedules) is judged by the policy:
 * deny-scheduled denies whoever it would decide for (a holder with validity dates, or whom only a
 * schedule lets through this door) and lets in those who may enter at any time; ignore-schedules
 * judges as if no date or schedule restricted anyone; deny-all denies every known card.
 */
export function decideAccess(request: AccessRequest): AccessDecision {
  const { card, door, credential, holder, now } = request;
  if (!card.ok) return deny(card.refusal);
  if (door.lockdown) return deny('door-lockdown');
  if (!credential || !holder) return deny('unknown');
  if (credential.status === 'revoked') return deny('revoked');
  if (credential.status === 'suspended' || holder.status === 'suspended') return deny('suspended');
  const untrusted = request.clock.trusted ? null : request.clock.policy;
  if (untrusted === 'deny-all') return deny('clock-untrusted');
  if (untrusted === 'deny-scheduled' && (hasDates(credential) || hasDates(holder)))
    return deny('clock-untrusted');
  if (untrusted === null) {
    if (startsAfter(credential, now) || startsAfter(holder, now)) return deny('not-yet-valid');
    if (endedBy(credential, now) || endedBy(holder, now)) return deny('expired');
  }
  if (credential.usesLeft === 0) return deny('used-up');
  if (request.groups.length === 0) return deny('no-access-group');
  const here = doorRulesHere(request.groups, door.id);
  if (here.length === 0) return deny('door-not-permitted');
  if (untrusted === 'ignore-schedules' || here.some((d) => d.schedule === null))
    return { granted: true };
  if (untrusted === 'deny-scheduled') return deny('clock-untrusted');
  if (!here.some((d) => d.schedule !== null && isScheduleOpen(d.schedule, request.localTime)))
    return deny('outside-time-window');
  return { granted: true };
}

/** The groups' rules for this door or every door. A loop, not flatMap: it runs on every tap. */
function doorRulesHere(groups: AccessRequest['groups'], doorId: string): GroupDoorRule[] {
  const here: GroupDoorRule[] = [];
  for (const group of groups)
    for (const rule of group.doors)
      if (rule.doorId === doorId || rule.doorId === EVERY_DOOR) here.push(rule);
  return here;
}

const hasDates = (v: Validity) => v.validFrom !== null || v.validUntil !== null;
const startsAfter = (v: Validity, now: Date) => v.validFrom !== null && now < v.validFrom;
// validUntil is exclusive: a card valid until 18:00 no longer opens at 18:00.
const endedBy = (v: Validity, now: Date) => v.validUntil !== null && now >= v.validUntil;
