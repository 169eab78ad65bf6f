import type { DenyReason } from '../access/access-decision';

/** What the door's 2x16 LCD says. Product wording lives here, not in the door library. */
export const IDLE_TEXT = ['Present card', ''] as const;
export const OUT_OF_SERVICE_TEXT = ['Out of service', ''] as const;

/** While the clock cannot be trusted: who its policy still lets in (docs/operations.md). */
export type ClockNotice = 'none' | 'some-denied' | 'all-denied';

/** The LCD's resting text: out of service outranks the clock, which outranks "Present card". */
export function idleText(outOfService: boolean, clock: ClockNotice): readonly [string, string] {
  if (outOfService) return OUT_OF_SERVICE_TEXT;
  if (clock === 'all-denied') return ['Out of service', 'Clock not set'];
  if (clock === 'some-denied') return ['Present card', 'Clock not set'];
  return IDLE_TEXT;
}

export function welcomeText(displayName: string): readonly [string, string] {
  return ['Welcome', displayName];
}

/**
 * The second line of "Access denied", where it is safe to say why. A revoked or suspended card
 * is often a lost one: its bearer learns nothing from the door.
 */
const DENY_DETAIL: Record<DenyReason, string> = {
  'unreadable-card': 'Hold card still',
  'random-uid': 'Card not usable',
  'no-credential': 'Card not usable',
  'no-pan-card': 'No card number',
  'door-lockdown': 'Door locked down',
  unknown: 'Unknown card',
  revoked: '',
  suspended: '',
  'clock-untrusted': 'Clock not set',
  'not-yet-valid': 'Not yet valid',
  expired: 'Card expired',
  'used-up': 'No entries left',
  'no-access-group': 'No access',
  'door-not-permitted': 'Not this door',
  'outside-time-window': 'Not at this time',
};

export function deniedText(reason: DenyReason): readonly [string, string] {
  return ['Access denied', DENY_DETAIL[reason]];
}
