// The door link end to end over a real serial line: socat makes a pseudo-terminal pair, the ACU
// opens one end with SerialTransport, and simulated PDs answer on the other. No kiosk process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DoorConfig,
  type DoorEvent,
  DoorLinkFault,
  DoorSupervisor,
  OsdpAcu,
  OSDP_ACU_DEFAULTS,
  type OsdpAcuEvents,
  type OsdpCardRead,
  SerialTransport,
} from '@kiosk/door';
import { OsdpPdSimulator, PtyPair, SimulatedBus } from '@kiosk/door/simulator';
import { waitFor } from './harness/wait';

jest.setTimeout(60_000);

const BAUD = 9600;
const DOOR: DoorConfig = {
  id: 'front',
  address: 0,
  relayOutput: 0,
  contactInput: 0,
  rexInput: 1,
  pulseMs: 600,
  heldOpenMs: 1500,
};

interface Line {
  dir: string;
  pty: PtyPair;
  acu: OsdpAcu;
  sims: OsdpPdSimulator[];
  /** The PD side's end of the line. */
  pdSide: SerialTransport;
  /** Every ACU event, in order, as [name, first argument]. */
  log: [keyof OsdpAcuEvents, unknown][];
}

let line: Line | null = null;

async function openLine(addresses: number[], options: { bus?: boolean } = {}): Promise<Line> {
  const dir = mkdtempSync(join(tmpdir(), 'door-link-e2e-'));
  const pty = await PtyPair.open(dir);
  const pdSide = new SerialTransport({ path: pty.b, baudRate: BAUD });
  const bus = options.bus ? new SimulatedBus(pdSide) : null;
  const sims = addresses.map(
    (address) => new OsdpPdSimulator(bus ? bus.drop() : pdSide, { address, view: null }),
  );
  for (const sim of sims) await sim.start();
  const acu = new OsdpAcu(new SerialTransport({ path: pty.a, baudRate: BAUD }), {
    addresses,
    reopenBackoffMs: { min: 100, max: 500 },
    offlineProbeMs: 300,
  });
  const log: Line['log'] = [];
  for (const event of ['pd-online', 'pd-offline', 'transport-lost', 'transport-restored'] as const)
    acu.on(event, (...args: unknown[]) => log.push([event, args[0]]));
  acu.on('error', (err) => log.push(['error', err]));
  line = { dir, pty, acu, sims, log, pdSide };
  await acu.start();
  await waitFor('every PD online', () => addresses.every((a) => acu.isOnline(a)) || undefined);
  return line;
}

afterEach(async () => {
  const l = line;
  line = null;
  if (!l) return;
  const errors = l.log.filter(([e]) => e === 'error');
  // Bounded: a port stuck closing must fail this test, not hang the whole run.
  await within(5000, 'the ACU to stop', l.acu.stop());
  for (const sim of l.sims) await within(5000, 'a simulator to stop', sim.stop());
  await within(5000, 'socat to exit', l.pty.close());
  rmSync(l.dir, { recursive: true, force: true });
  expect(errors).toEqual([]); // no internal fault of the ACU, whatever the line did
});

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function sim(l: Line, i = 0): OsdpPdSimulator {
  const s = l.sims[i];
  if (!s) throw new Error(`no simulator ${i}`);
  return s;
}

/** Events since `from`, waited for until `types` have all come, in order. */
async function doorEvents(events: DoorEvent[], from: number, ...types: DoorEvent['type'][]) {
  await waitFor(`door events ${types.join(', ')}`, () =>
    events.length >= from + types.length ? true : undefined,
  );
  expect(events.slice(from, from + types.length).map((e) => e.type)).toEqual(types);
  return from + types.length;
}

function supervise(l: Line): { door: DoorSupervisor; events: DoorEvent[] } {
  const door = new DoorSupervisor(l.acu, DOOR);
  const events: DoorEvent[] = [];
  door.on('door-event', (e) => events.push(e));
  door.on('error', () => undefined);
  door.start();
  return { door, events };
}

describe('door link over a socat pty pair', () => {
  it('grant pulses the relay, and the simulator re-locks by itself', async () => {
    const l = await openLine([0]);
    const { door, events } = supervise(l);
    await doorEvents(events, 0, 'in-service');
    const changes: [number, boolean, number][] = [];
    sim(l).on('relay', (output, on) => changes.push([output, on, Date.now()]));
    const started = Date.now();
    await door.grant();
    expect(sim(l).relay(0)).toBe(true);
    await waitFor('the relay to turn off', () => (sim(l).relay(0) ? undefined : true), 5000);
    const [on, off] = changes;
    expect(on?.slice(0, 2)).toEqual([0, true]);
    expect(off?.slice(0, 2)).toEqual([0, false]);
    expect((off?.[2] ?? 0) - started).toBeGreaterThanOrEqual(DOOR.pulseMs - 50);
    door.stop();
  });

  it('raises and clears held open and forced open', async () => {
    const l = await openLine([0]);
    const { door, events } = supervise(l);
    let seen = await doorEvents(events, 0, 'in-service');
    await door.grant();
    sim(l).setDoorOpen(true);
    seen = await doorEvents(events, seen, 'opened', 'held-open'); // after heldOpenMs
    sim(l).setDoorOpen(false);
    seen = await doorEvents(events, seen, 'closed', 'held-open-cleared');
    // The grant was used by that passage: the next opening is forced.
    sim(l).setDoorOpen(true);
    seen = await doorEvents(events, seen, 'opened', 'forced-open');
    sim(l).setDoorOpen(false);
    await doorEvents(events, seen, 'closed', 'forced-open-cleared');
    expect(door.state).toMatchObject({ door: 'closed', online: true });
    door.stop();
  });

  it('a silent PD goes offline and comes back online', async () => {
    const l = await openLine([0]);
    sim(l).faults.silent = true;
    await waitFor('pd-offline', () => l.log.find(([e]) => e === 'pd-offline'));
    expect(l.log).toContainEqual(['pd-offline', 0]);
    const fault = await l.acu
      .board(0)
      .beep()
      .catch((e: unknown) => e);
    expect(fault).toMatchObject({ name: 'DoorLinkFault', code: 'offline' });
    sim(l).faults.silent = false;
    await waitFor('pd-online again', () => (l.acu.isOnline(0) ? true : undefined));
    expect(l.log.filter(([e]) => e.startsWith('pd-')).map(([e]) => e)).toEqual([
      'pd-online',
      'pd-offline',
      'pd-online',
    ]);
    await l.acu.board(0).pulseRelay(0, 300);
  });

  it('socat killed and restarted: port lost, port back, PD online, next command works', async () => {
    const l = await openLine([0]);
    await l.pty.close('SIGKILL');
    // The device nodes go with it, as when an adapter is unplugged: a reopen fails until the new
    // socat is there, and can never find an old link pointing to a pty number given out again.
    rmSync(l.pty.a, { force: true });
    rmSync(l.pty.b, { force: true });
    await waitFor('transport-lost', () => l.log.find(([e]) => e === 'transport-lost'));
    expect(l.acu.isOnline(0)).toBe(false);
    const fault = await l.acu
      .board(0)
      .beep()
      .catch((e: unknown) => e);
    expect(fault).toBeInstanceOf(DoorLinkFault);
    await l.pdSide.close(); // the board's end died with socat; it only reads, so it may not know yet
    await new Promise((r) => setTimeout(r, 700)); // a few failed reopen attempts, with backoff
    l.pty = await PtyPair.open(l.dir); // a new socat, the same link names
    await sim(l).start(); // the board is plugged back in on its side
    await waitFor('transport-restored', () => l.log.find(([e]) => e === 'transport-restored'));
    // The reopen backoff may have grown to seconds while the line was down.
    await waitFor('pd-online again', () => (l.acu.isOnline(0) ? true : undefined), 20_000);
    const events = l.log.map(([e]) => e);
    expect(events.indexOf('transport-lost')).toBeLessThan(events.indexOf('transport-restored'));
    expect(events.lastIndexOf('pd-online')).toBeGreaterThan(events.indexOf('transport-restored'));
    await l.acu.board(0).showText(['Back again', '']);
    expect(sim(l).lcd()[0]).toBe('Back again      ');
  });

  it('osdp_BUSY and osdp_NAK: typed faults with the reason as a word; polling goes on', async () => {
    const l = await openLine([0]);
    const board = l.acu.board(0);
    sim(l).faults.busyReplies = 2; // within the ACU's busy retries: the command succeeds
    await board.pulseRelay(0, 200);
    expect(sim(l).relay(0)).toBe(true);
    sim(l).faults.busyReplies = 50; // more than it will wait for
    const busy = await board.beep().catch((e: unknown) => e);
    expect(busy).toMatchObject({ name: 'DoorLinkFault', code: 'busy' });
    sim(l).faults.busyReplies = 0;
    sim(l).faults.nakReplies = 1;
    sim(l).faults.nakReason = 'unknown-command';
    const nak = await board.showText(['x', 'y']).catch((e: unknown) => e);
    expect(nak).toBeInstanceOf(DoorLinkFault);
    expect(nak).toMatchObject({ code: 'nak', nakReason: 'unknown-command' });
    const polled = new Promise<void>((resolve) => sim(l).once('command', () => resolve()));
    await polled;
    expect(l.acu.isOnline(0)).toBe(true);
    await board.beep();
    expect(l.log.filter(([e]) => e === 'pd-offline')).toEqual([]);
  });

  // A board that restarts faster than the offline timeout answers the next poll with osdp_NAK
  // 'sequence-number', numbered from its own count (0) as libosdp's PD does: the ACU starts again
  // at 0 and the door never goes out of service.
  it('a PD restarted during polling stays online, and its door in service', async () => {
    const l = await openLine([0]);
    const { door, events } = supervise(l);
    await doorEvents(events, 0, 'in-service');
    const acted: number[] = []; // the sequence number of each command the PD acted on
    sim(l).on('command', (_command, sequence) => acted.push(sequence));
    await waitFor('polling', () => (acted.length >= 5 ? true : undefined));
    sim(l).reboot();
    const rebootedAt = acted.length;
    await waitFor('commands after the restart', () =>
      acted.length >= rebootedAt + 5 ? true : undefined,
    );
    expect(acted.slice(rebootedAt, rebootedAt + 4)).toEqual([0, 1, 2, 3]);
    expect(l.log.filter(([e]) => e.startsWith('pd-')).map(([e]) => e)).toEqual(['pd-online']);
    expect(events.map((e) => e.type)).toEqual(['in-service']);
    await door.grant();
    expect(sim(l).relay(0)).toBe(true);
    door.stop();
  });

  it('two PDs on one bus each get their own commands, and report their own cards', async () => {
    const l = await openLine([1, 2], { bus: true });
    const reads: OsdpCardRead[] = [];
    l.acu.on('card-read', (read) => reads.push(read));
    await Promise.all([
      l.acu.board(1).pulseRelay(1, 300),
      l.acu.board(2).showText(['Back door', 'Welcome']),
    ]);
    expect(sim(l, 0).relay(1)).toBe(true);
    expect(sim(l, 1).relay(1)).toBe(false);
    expect(sim(l, 1).lcd()).toEqual(['Back door       ', 'Welcome         ']);
    expect(sim(l, 0).lcd()[0]).toBe(' '.repeat(16));
    sim(l, 1).presentCard(Uint8Array.of(0x04, 0xa2, 0x2b, 0x19));
    await waitFor('a card read', () => reads[0]);
    expect(reads[0]).toMatchObject({
      address: 2,
      reader: 0,
      format: 'raw',
      bitCount: 32,
      hex: '04a22b19',
    });
  });

  it('follows osdp_COMSET to 38400 baud and keeps talking', async () => {
    const l = await openLine([0]);
    const reply = await l.acu.send(0, { kind: 'comset', address: 0, baudRate: 38400 });
    expect(reply).toEqual({ kind: 'com', address: 0, baudRate: 38400 });
    await l.acu.board(0).pulseRelay(0, 200);
    expect(sim(l).relay(0)).toBe(true);
    expect(l.acu.isOnline(0)).toBe(true);
  });
});

// Node.js 26.4 stopped draining promise continuations after native callbacks that do not use
// MakeCallback (nodejs/node#62969); serialport's poller is one (serialport/bindings-cpp#239). There,
// bytes that arrive while the event loop is otherwise idle wait in the kernel until some other
// event (the next poll timer, the next write) wakes JavaScript, so OSDP replies come a poll cycle
// late and commands time out at random. This is why the kiosk stays on Node.js 24 (.nvmrc); it
// fails on a runtime or serialport release that brings the delay back.
describe('serial line on this Node.js runtime', () => {
  it('delivers each reply while nothing else is scheduled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serial-idle-e2e-'));
    const pty = await PtyPair.open(dir);
    const acuSide = new SerialTransport({ path: pty.a, baudRate: BAUD });
    const pdSide = new SerialTransport({ path: pty.b, baudRate: BAUD });
    try {
      await acuSide.open();
      await pdSide.open();
      pdSide.on('data', (chunk) => void pdSide.write(chunk)); // an echo, like a PD's reply
      const late: number[] = [];
      for (let i = 0; i < 20; i++) {
        const frame = new Uint8Array(14).fill(i);
        let received = 0;
        const echoed = new Promise<'echo'>((resolve) => {
          const onData = (chunk: Uint8Array): void => {
            received += chunk.length;
            if (received < frame.length) return;
            acuSide.off('data', onData);
            resolve('echo');
          };
          acuSide.on('data', onData);
        });
        await acuSide.write(frame);
        // The only timer, and the ACU's own deadline for a reply (OSDP v2.2: 200 ms): an echo that
        // is later than this waited for an unrelated event, and the ACU would have given up on it.
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<'idle'>(
          (resolve) => (timer = setTimeout(resolve, OSDP_ACU_DEFAULTS.replyTimeoutMs, 'idle')),
        );
        if ((await Promise.race([echoed, idle])) === 'idle') late.push(i);
        clearTimeout(timer);
        await echoed;
      }
      expect(late).toEqual([]);
    } finally {
      await acuSide.close();
      await pdSide.close();
      await pty.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
