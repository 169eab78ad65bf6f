import { DoorLinkFault } from '../link/door-link.errors';
import { MemoryTransport } from '../link/memory.transport';
import { OsdpAcu } from '../link/osdp-acu';
import { OsdpPdSimulator } from '../simulator/osdp-pd.simulator';
import { type DoorClock, type DoorConfig, type DoorEvent, DoorSupervisor } from './door-supervisor';
import type { DoorEventType } from './door-state';

// Everything runs in memory with a 10 ms poll: a wait that takes longer than WAIT_MS is a fault,
// and fails at once, saying what it waited for (under a mutant too, no test sits out a timeout).
const WAIT_MS = 2000;

/** Door time under the test's control: the held-open timer fires only on advance(). */
class ManualClock implements DoorClock {
  private t = 1_700_000_000_000;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  advance(ms: number): void {
    this.t += ms;
    for (const due of this.timers.filter((t) => t.at <= this.t)) {
      this.clearTimeout(due);
      due.fn();
    }
  }
}

async function waitFor(what: string, test: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const DOOR: DoorConfig = {
  id: 'front',
  address: 1,
  relayOutput: 0,
  contactInput: 0,
  rexInput: 1,
  pulseMs: 3000,
  heldOpenMs: 20_000,
};

interface Rig {
  acu: OsdpAcu;
  sim: OsdpPdSimulator;
  door: DoorSupervisor;
  clock: ManualClock;
  events: DoorEvent[];
  /** Waits until these event types have been raised since the last call, in this order. */
  expectEvents(...types: DoorEventType[]): Promise<void>;
}

const rigs: Rig[] = [];

async function rig(
  door: Partial<DoorConfig> = {},
  setUp?: (sim: OsdpPdSimulator) => void,
): Promise<Rig> {
  const [acuEnd, pdEnd] = MemoryTransport.pair();
  const sim = new OsdpPdSimulator(pdEnd, { address: DOOR.address, view: null });
  setUp?.(sim);
  await sim.start();
  const acu = new OsdpAcu(acuEnd, {
    addresses: [DOOR.address],
    pollIntervalMs: 10,
    replyTimeoutMs: 50,
    offlineProbeMs: 50,
  });
  acu.on('error', (err) => {
    throw err;
  });
  const clock = new ManualClock();
  const supervisor = new DoorSupervisor(acu, { ...DOOR, ...door }, { clock });
  const events: DoorEvent[] = [];
  supervisor.on('door-event', (e) => events.push(e));
  supervisor.on('error', () => undefined);
  supervisor.start();
  await acu.start();
  await waitFor('the PD online', () => acu.isOnline(DOOR.address));
  let seen = 0;
  const r: Rig = {
    acu,
    sim,
    door: supervisor,
    clock,
    events,
    async expectEvents(...types) {
      const until = seen + types.length;
      // Done when they have all come, or as soon as one differs from what was expected.
      const differs = () => events.slice(seen, until).some((e, i) => e.type !== types[i]);
      await waitFor(
        `door events ${types.join(', ')}`,
        () => events.length >= until || differs(),
      ).catch((err: Error) => {
        err.message += ` (so far: ${
          events
            .slice(seen)
            .map((e) => e.type)
            .join(', ') || 'none'
        })`;
        throw err;
      });
      expect(events.slice(seen).map((e) => e.type)).toEqual(types);
      seen = until;
    },
  };
  rigs.push(r);
  await waitFor('the door status', () => supervisor.state.tamper !== null);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    r.door.stop();
    await r.acu.stop();
    await r.sim.stop();
  }
});

describe('DoorSupervisor over OsdpAcu and the PD simulator', () => {
  it('comes into service and reads the door status (osdp_ISTAT, osdp_LSTAT)', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    expect(r.door.state).toEqual({
      door: 'closed',
      online: true,
      tamper: false,
      powerFailure: false,
    });
    expect(r.events[0]).toMatchObject({ doorId: 'front', at: new Date(r.clock.now()) });
  });

  it('grant pulses the relay; opened and closed within the window raise no alarm', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    await r.door.grant();
    expect(r.sim.relay(0)).toBe(true);
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened');
    expect(r.door.state.door).toBe('open');
    r.sim.setDoorOpen(false);
    await r.expectEvents('closed');
  });

  it('forced open: opened with no grant, cleared when closed', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened', 'forced-open');
    expect(r.door.state.door).toBe('forced-open');
    r.sim.setDoorOpen(false);
    await r.expectEvents('closed', 'forced-open-cleared');
  });

  it('held open: open past the limit after a grant, cleared when closed', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    await r.door.grant();
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened');
    r.clock.advance(DOOR.heldOpenMs - 1);
    expect(r.door.state.door).toBe('open');
    r.clock.advance(1);
    await r.expectEvents('held-open');
    r.sim.setDoorOpen(false);
    await r.expectEvents('closed', 'held-open-cleared');
  });

  it('retimed: the next grant window and held-open limit follow the new times', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.door.retime({ pulseMs: 1000, heldOpenMs: 5000 });
    expect(r.door.door).toMatchObject({ id: 'front', pulseMs: 1000, heldOpenMs: 5000 });
    await r.door.grant();
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened');
    r.clock.advance(4999);
    expect(r.door.state.door).toBe('open');
    r.clock.advance(1);
    await r.expectEvents('held-open');
    r.sim.setDoorOpen(false);
    await r.expectEvents('closed', 'held-open-cleared');
  });

  it('a REX press lets the door open without alarm', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.sim.pressRex(1000);
    r.sim.setDoorOpen(true); // one osdp_ISTATR with both: REX is taken first
    await r.expectEvents('request-to-exit', 'opened');
    r.sim.setDoorOpen(false);
    await r.expectEvents('closed');
    await new Promise((res) => setTimeout(res, 1100)); // REX released, reported
    r.clock.advance(60_000); // the REX window is long over
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened', 'forced-open');
  });

  it('a REX press reported before the door opens also counts', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.sim.pressRex(1000);
    await r.expectEvents('request-to-exit'); // the press, once, however long it is held
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened');
  });

  it('an inverted contact (active means closed) is read the right way round', async () => {
    const r = await rig({ contactActiveMeansOpen: false }, (sim) => sim.setDoorOpen(true));
    await r.expectEvents('in-service');
    expect(r.door.state.door).toBe('closed');
    r.sim.setInput(0, false);
    await r.expectEvents('opened', 'forced-open');
  });

  it('tamper and power failure raised and cleared from osdp_LSTATR', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.sim.setTamper(true);
    await r.expectEvents('tamper');
    r.sim.setTamper(false);
    await r.expectEvents('tamper-cleared');
    r.sim.setPowerFailure(true);
    await r.expectEvents('power-failure');
    r.sim.setPowerFailure(false);
    await r.expectEvents('power-restored');
  });

  it('PD offline: out of service, grant refused unsent; back: in service, inputs read again', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.sim.faults.silent = true;
    await r.expectEvents('out-of-service');
    expect(r.events.at(-1)?.detail).toBe('no-reply');
    const fault = await r.door.grant().catch((e: unknown) => e);
    expect(fault).toBeInstanceOf(DoorLinkFault);
    expect((fault as DoorLinkFault).code).toBe('offline');
    r.sim.setDoorOpen(true); // opened while nobody could see it, and no grant was possible
    r.sim.faults.silent = false;
    await r.expectEvents('in-service', 'opened', 'forced-open');
    expect(r.sim.relay(0)).toBe(false);
  });

  it('a grant the PD refused (osdp_NAK) opens no window: the opening is forced', async () => {
    const r = await rig();
    await r.expectEvents('in-service');
    r.sim.faults.nakReplies = 1;
    const fault = await r.door.grant().catch((e: unknown) => e);
    expect(fault).toMatchObject({ code: 'nak', nakReason: 'cannot-process-record' });
    r.sim.setDoorOpen(true);
    await r.expectEvents('opened', 'forced-open');
  });

  it('grant() before start() is refused', async () => {
    const r = await rig();
    r.door.stop();
    await expect(r.door.grant()).rejects.toMatchObject({ code: 'stopped' });
  });
});
