/**
 * One door's state as a pure transition function: what the PD reported (door contact, REX,
 * tamper, power, online) and what the kiosk did (grant) go in with a timestamp; the new state and
 * the door events to raise come out. No clock, no timers: the supervisor feeds 'tick' when the
 * state's `heldDeadline` passes.
 */

export type DoorEventType =
  | 'opened'
  | 'closed'
  | 'forced-open'
  | 'forced-open-cleared'
  | 'held-open'
  | 'held-open-cleared'
  | 'tamper'
  | 'tamper-cleared'
  | 'power-failure'
  | 'power-restored'
  | 'out-of-service'
  | 'in-service'
  // A request-to-exit button pressed (the press, not its release): raised by DoorSupervisor from
  // the REX input, not by the state machine, whose window it opens ('allow-open').
  | 'request-to-exit';

/** The door contact as last reported; 'unknown' until the PD first reports its inputs. */
export type DoorContact = 'unknown' | 'closed' | 'open';
/** A raised alarm stays raised until the door is reported closed. */
export type DoorAlarm = 'none' | 'forced-open' | 'held-open';

export interface DoorState {
  contact: DoorContact;
  alarm: DoorAlarm;
  /** The door may open without alarm until this time (ms): set by a grant or a REX press. */
  openAllowedUntil: number | null;
  /** The open door becomes held-open at this time (ms), unless it closes first. */
  heldDeadline: number | null;
  online: boolean | null;
  tamper: boolean | null;
  powerFailure: boolean | null;
}

export type DoorInput =
  | { type: 'contact'; open: boolean; at: number }
  | { type: 'allow-open'; forMs: number; at: number } // a grant (pulse + grace) or a REX press
  | { type: 'cancel-allow'; at: number } // the grant certainly did not reach the door
  | { type: 'tick'; at: number }
  | { type: 'link'; online: boolean; at: number }
  | { type: 'local-status'; tamper: boolean; powerFailure: boolean; at: number };

export interface DoorRules {
  heldOpenMs: number;
}

export interface DoorTransition {
  state: DoorState;
  events: DoorEventType[];
}

export const INITIAL_DOOR_STATE: DoorState = {
  contact: 'unknown',
  alarm: 'none',
  openAllowedUntil: null,
  heldDeadline: null,
  online: null,
  tamper: null,
  powerFailure: null,
};

/** The door's next state and the events it raises. Pure; one exhaustive switch. */
export function doorTransition(s: DoorState, input: DoorInput, rules: DoorRules): DoorTransition {
  const at = input.at;
  switch (input.type) {
    case 'contact':
      return input.open ? doorOpened(s, at, rules) : doorClosed(s);
    case 'allow-open':
      return same({ ...s, openAllowedUntil: at + input.forMs });
    case 'cancel-allow':
      return same({ ...s, openAllowedUntil: null });
    case 'tick':
      if (s.contact !== 'open' || s.heldDeadline === null || at < s.heldDeadline) return same(s);
      return { state: { ...s, alarm: 'held-open', heldDeadline: null }, events: ['held-open'] };
    case 'link':
      if (s.online === input.online) return same(s);
      // Offline, nothing about the door can be known: no held-open timer runs and no grant is
      // open. Back online, the supervisor reads the inputs again and the contact rules apply.
      return {
        state: { ...s, online: input.online, heldDeadline: null, openAllowedUntil: null },
        events: [input.online ? 'in-service' : 'out-of-service'],
      };
    case 'local-status':
      return {
        state: { ...s, tamper: input.tamper, powerFailure: input.powerFailure },
        events: [
          ...edge(s.tamper, input.tamper, 'tamper', 'tamper-cleared'),
          ...edge(s.powerFailure, input.powerFailure, 'power-failure', 'power-restored'),
        ],
      };
  }
}

// Opened within a grant or REX window: a normal passage, and the window is used up. Opened with
// none: forced. Found open when its state was unknown (start-up): the cause cannot be told, so the
// door is watched for held-open but not called forced. Still open: a held-open timer is restarted
// if none runs (after an outage).
function doorOpened(s: DoorState, at: number, rules: DoorRules): DoorTransition {
  const held = at + rules.heldOpenMs;
  if (s.contact === 'open') {
    if (s.alarm !== 'none' || s.heldDeadline !== null) return same(s);
    return same({ ...s, heldDeadline: held });
  }
  const allowed = s.openAllowedUntil !== null && at <= s.openAllowedUntil;
  if (allowed || s.contact === 'unknown') {
    return {
      state: { ...s, contact: 'open', openAllowedUntil: null, heldDeadline: held },
      events: ['opened'],
    };
  }
  return {
    state: { ...s, contact: 'open', alarm: 'forced-open', heldDeadline: null },
    events: ['opened', 'forced-open'],
  };
}

function doorClosed(s: DoorState): DoorTransition {
  if (s.contact === 'closed') return same(s);
  const cleared: DoorEventType[] =
    s.alarm === 'forced-open'
      ? ['forced-open-cleared']
      : s.alarm === 'held-open'
        ? ['held-open-cleared']
        : [];
  const events: DoorEventType[] = s.contact === 'open' ? ['closed', ...cleared] : cleared;
  return { state: { ...s, contact: 'closed', alarm: 'none', heldDeadline: null }, events };
}

function edge(
  was: boolean | null,
  now: boolean,
  raised: DoorEventType,
  cleared: DoorEventType,
): DoorEventType[] {
  if (was === now || (was === null && !now)) return [];
  return [now ? raised : cleared];
}

function same(state: DoorState): DoorTransition {
  return { state, events: [] };
}

/** The door as an operator would name it. */
export type DoorCondition = 'unknown' | 'closed' | 'open' | 'held-open' | 'forced-open';

export function doorCondition(s: DoorState): DoorCondition {
  if (s.alarm !== 'none') return s.alarm;
  return s.contact;
}
