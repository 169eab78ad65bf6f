import {
  type DoorEventType,
  type DoorInput,
  type DoorState,
  INITIAL_DOOR_STATE,
  doorCondition,
  doorTransition,
} from './door-state';

const RULES = { heldOpenMs: 10_000 };

/** Runs inputs from a state; returns the final state and every event raised, in order. */
function run(inputs: DoorInput[], from: DoorState = INITIAL_DOOR_STATE) {
  let state = from;
  const events: DoorEventType[] = [];
  for (const input of inputs) {
    const t = doorTransition(state, input, RULES);
    state = t.state;
    events.push(...t.events);
  }
  return { state, events };
}

const closedOnline = run([
  { type: 'link', online: true, at: 0 },
  { type: 'contact', open: false, at: 0 },
]).state;

const open = (at: number): DoorInput => ({ type: 'contact', open: true, at });
const close = (at: number): DoorInput => ({ type: 'contact', open: false, at });
const grant = (at: number, forMs = 4000): DoorInput => ({ type: 'allow-open', forMs, at });
const tick = (at: number): DoorInput => ({ type: 'tick', at });

describe('doorTransition', () => {
  it('comes into service and learns the contact without a door event', () => {
    const { state, events } = run([
      { type: 'link', online: true, at: 0 },
      { type: 'contact', open: false, at: 5 },
    ]);
    expect(events).toEqual(['in-service']);
    expect(doorCondition(state)).toBe('closed');
  });

  it('a grant, then the door opens and closes: opened, closed, no alarm', () => {
    const { state, events } = run([grant(1000), open(2000), close(5000)], closedOnline);
    expect(events).toEqual(['opened', 'closed']);
    expect(state.alarm).toBe('none');
  });

  it('opens with no grant: forced-open, cleared when it closes', () => {
    const { events } = run([open(1000), close(3000)], closedOnline);
    expect(events).toEqual(['opened', 'forced-open', 'closed', 'forced-open-cleared']);
  });

  it('opens after the grant window ended: forced-open', () => {
    const { state, events } = run([grant(1000, 4000), open(5001)], closedOnline);
    expect(events).toEqual(['opened', 'forced-open']);
    expect(doorCondition(state)).toBe('forced-open');
  });

  it('uses a grant once: a second opening in the same window is forced', () => {
    const { events } = run([grant(0), open(100), close(200), open(300)], closedOnline);
    expect(events).toEqual(['opened', 'closed', 'opened', 'forced-open']);
  });

  it('a REX press allows the opening the same way as a grant', () => {
    const rex: DoorInput = { type: 'allow-open', forMs: 10_000, at: 0 };
    expect(run([rex, open(9000)], closedOnline).events).toEqual(['opened']);
  });

  it('a cancelled grant allows nothing', () => {
    const { events } = run([grant(0), { type: 'cancel-allow', at: 10 }, open(20)], closedOnline);
    expect(events).toEqual(['opened', 'forced-open']);
  });

  it('held open past the limit after a grant: held-open, cleared when closed', () => {
    const opened = run([grant(0), open(1000)], closedOnline).state;
    expect(opened.heldDeadline).toBe(11_000);
    expect(run([tick(10_999)], opened).events).toEqual([]);
    const { state, events } = run([tick(11_000), close(12_000)], opened);
    expect(events).toEqual(['held-open', 'closed', 'held-open-cleared']);
    expect(doorCondition(state)).toBe('closed');
  });

  it('raises held-open once, and never for a forced door', () => {
    const held = run([grant(0), open(0), tick(10_000), tick(20_000), open(25_000)], closedOnline);
    expect(held.events).toEqual(['opened', 'held-open']);
    const forced = run([open(0), tick(50_000)], closedOnline);
    expect(forced.events).toEqual(['opened', 'forced-open']);
  });

  it('a door found open at start-up is watched for held-open, not called forced', () => {
    const { state, events } = run([{ type: 'link', online: true, at: 0 }, open(0), tick(10_000)]);
    expect(events).toEqual(['in-service', 'opened', 'held-open']);
    expect(doorCondition(state)).toBe('held-open');
  });

  it('offline: out of service, the held-open timer and the grant window end', () => {
    const opened = run([grant(0), open(100)], closedOnline).state;
    const { state, events } = run([{ type: 'link', online: false, at: 200 }, tick(50_000)], opened);
    expect(events).toEqual(['out-of-service']);
    expect(state).toMatchObject({ online: false, heldDeadline: null, openAllowedUntil: null });
  });

  it('back online with the door open as before: a new held-open timer starts', () => {
    const opened = run(
      [grant(0), open(100), { type: 'link', online: false, at: 200 }],
      closedOnline,
    ).state;
    const { events } = run(
      [{ type: 'link', online: true, at: 5000 }, open(5000), tick(15_000)],
      opened,
    );
    expect(events).toEqual(['in-service', 'held-open']);
  });

  it('back online with the door opened meanwhile (no grant possible offline): forced-open', () => {
    const { events } = run(
      [{ type: 'link', online: false, at: 0 }, { type: 'link', online: true, at: 10 }, open(10)],
      closedOnline,
    );
    expect(events).toEqual(['out-of-service', 'in-service', 'opened', 'forced-open']);
  });

  it('back online with a forced door closed meanwhile: the alarm clears', () => {
    const forced = run([open(0), { type: 'link', online: false, at: 10 }], closedOnline).state;
    const { events } = run([{ type: 'link', online: true, at: 20 }, close(20)], forced);
    expect(events).toEqual(['in-service', 'closed', 'forced-open-cleared']);
  });

  it.each<[boolean | null, boolean, DoorEventType[]]>([
    [null, false, []],
    [null, true, ['tamper']],
    [false, true, ['tamper']],
    [true, true, []],
    [true, false, ['tamper-cleared']],
  ])('tamper %p then %p raises %p', (was, now, expected) => {
    const from = { ...closedOnline, tamper: was, powerFailure: false };
    const input: DoorInput = { type: 'local-status', tamper: now, powerFailure: false, at: 0 };
    expect(doorTransition(from, input, RULES).events).toEqual(expected);
  });

  it('power failure raised and restored from local status', () => {
    const status = (powerFailure: boolean, at: number): DoorInput => ({
      type: 'local-status',
      tamper: false,
      powerFailure,
      at,
    });
    expect(run([status(false, 0), status(true, 1), status(false, 2)], closedOnline).events).toEqual(
      ['power-failure', 'power-restored'],
    );
  });

  it('starts unknown: no contact, no alarm, no window, nothing known of link, tamper or power', () => {
    expect(INITIAL_DOOR_STATE).toEqual({
      contact: 'unknown',
      alarm: 'none',
      openAllowedUntil: null,
      heldDeadline: null,
      online: null,
      tamper: null,
      powerFailure: null,
    });
    expect(doorCondition(INITIAL_DOOR_STATE)).toBe('unknown');
  });

  it('a repeated "open" report while the held-open timer runs does not postpone the alarm', () => {
    const opened = run([grant(0), open(100)], closedOnline).state;
    expect(opened.heldDeadline).toBe(100 + RULES.heldOpenMs);
    // The board reports the open contact again, later: the deadline stays where it was.
    const again = run([open(5000), open(9000)], opened);
    expect(again.state.heldDeadline).toBe(100 + RULES.heldOpenMs);
    expect(again.events).toEqual([]);
    expect(run([tick(100 + RULES.heldOpenMs)], again.state).events).toEqual(['held-open']);
  });

  it('a repeated "online" raises no second in-service and keeps the grant window', () => {
    const granted = run([grant(1000)], closedOnline).state;
    const again = doorTransition(granted, { type: 'link', online: true, at: 1500 }, RULES);
    expect(again.events).toEqual([]);
    expect(again.state).toBe(granted);
    expect(run([open(2000)], again.state).events).toEqual(['opened']);
  });

  it('an opening at the very end of the grant window is allowed; one millisecond later is forced', () => {
    expect(run([grant(1000, 4000), open(5000)], closedOnline).events).toEqual(['opened']);
    expect(run([grant(1000, 4000), open(5001)], closedOnline).events).toEqual([
      'opened',
      'forced-open',
    ]);
  });

  it('a cancelled grant keeps the rest of the state (found by mutation testing)', () => {
    const granted = run([grant(1000)], closedOnline).state;
    const cancelled = doorTransition(granted, { type: 'cancel-allow', at: 1100 }, RULES);
    expect(cancelled).toEqual({ state: { ...granted, openAllowedUntil: null }, events: [] });
  });

  it('after an alarm, a repeated "open" report starts no held-open timer', () => {
    const forced = run([open(1000)], closedOnline).state;
    expect(forced.alarm).toBe('forced-open');
    const again = run([open(2000), tick(2000 + RULES.heldOpenMs + 1)], forced);
    expect(again.events).toEqual([]);
    expect(again.state.heldDeadline).toBeNull();
    const held = run([grant(0), open(100), tick(100 + RULES.heldOpenMs)], closedOnline).state;
    expect(run([open(20_000), tick(40_000)], held).events).toEqual([]); // no second held-open
  });
});
