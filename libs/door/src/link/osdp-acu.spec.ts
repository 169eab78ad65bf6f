import { once } from 'node:events';
import { OsdpPdSimulator } from '../simulator/osdp-pd.simulator';
import type { OsdpCommand } from '../osdp/osdp-command.codec';
import type { OsdpSequence } from '../osdp/osdp-frame.codec';
import { DoorLinkFault } from './door-link.errors';
import { MemoryTransport, type MemoryTransportOptions } from './memory.transport';
import { OsdpAcu } from './osdp-acu';
import type { OsdpAcuOptions } from './osdp-acu.options';
import type { OsdpPdInfo } from './osdp-pd-state';
import { Waker } from './waker';

jest.setTimeout(15_000);

const PD = 1;

async function waitFor(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function faultOf(promise: Promise<unknown>): Promise<DoorLinkFault> {
  const err: unknown = await promise.then(
    () => new Error('expected a DoorLinkFault'),
    (e: unknown) => e,
  );
  if (!(err instanceof DoorLinkFault)) throw err;
  return err;
}

interface Rig {
  acu: OsdpAcu;
  sim: OsdpPdSimulator;
  acuEnd: MemoryTransport;
  commands: { command: OsdpCommand; sequence: OsdpSequence }[];
}

const rigs: Rig[] = [];

async function rig(
  options: Partial<OsdpAcuOptions> = {},
  line: MemoryTransportOptions = {},
): Promise<Rig> {
  const [acuEnd, pdEnd] = MemoryTransport.pair(line);
  const sim = new OsdpPdSimulator(pdEnd, { address: PD, view: null });
  const commands: Rig['commands'] = [];
  sim.on('command', (command, sequence) => commands.push({ command, sequence }));
  await sim.start();
  const acu = new OsdpAcu(acuEnd, {
    addresses: [PD],
    pollIntervalMs: 10,
    replyTimeoutMs: 100,
    offlineProbeMs: 100,
    reopenBackoffMs: { min: 20, max: 100 },
    ...options,
  });
  acu.on('error', (err) => {
    throw err;
  });
  const online = once(acu, 'pd-online');
  await acu.start();
  await online;
  const r = { acu, sim, acuEnd, commands };
  rigs.push(r);
  return r;
}

const count = (r: Rig, kind: OsdpCommand['kind']): number =>
  r.commands.filter((c) => c.command.kind === kind).length;

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.acu.stop();
    await r.sim.stop();
  }
});

describe('OsdpAcu with the PD simulator over memory', () => {
  it('learns the PD with osdp_ID and osdp_CAP, then polls', async () => {
    const [acuEnd, pdEnd] = MemoryTransport.pair();
    const sim = new OsdpPdSimulator(pdEnd, { address: PD, view: null });
    await sim.start();
    const acu = new OsdpAcu(acuEnd, { addresses: [PD], pollIntervalMs: 10 });
    rigs.push({ acu, sim, acuEnd, commands: [] });
    const online = once(acu, 'pd-online');
    await acu.start();
    const [address, info] = (await online) as [number, OsdpPdInfo];
    expect(address).toBe(PD);
    expect(info.id?.vendorCode).toBe(0x4f494b); // sent as 4B 49 4F
    expect(info.capabilities).toContainEqual({ function: 2, compliance: 1, count: 2 });
    expect(acu.isOnline(PD)).toBe(true);
  });

  it('tells how long ago its poll loop came round: fresh while polling, growing once a write hangs, none when stopped', async () => {
    const r = await rig();
    await waitFor('a few polls', () => count(r, 'poll') >= 3);
    expect(r.acu.loopAgeMs()).toBeLessThan(500);
    // A write that never completes (a dead adapter's drain): the loop stops coming round.
    r.acuEnd.write = () => new Promise<void>(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(r.acu.loopAgeMs()).toBeGreaterThanOrEqual(300);
    // ...and it does not hold the stop: past the command deadline the stuck loop is left.
    const began = performance.now();
    await r.acu.stop();
    expect(performance.now() - began).toBeLessThan(3000);
    expect(r.acu.loopAgeMs()).toBeNull();
    const stopped = new OsdpAcu(MemoryTransport.pair()[0], { addresses: [PD] });
    expect(stopped.loopAgeMs()).toBeNull();
  });

  it('numbers messages 0 first, then 1, 2, 3, 1, ... and polls get osdp_ACK', async () => {
    const r = await rig();
    await waitFor('seven messages', () => r.commands.length >= 7);
    expect(r.commands.slice(0, 7).map((c) => c.sequence)).toEqual([0, 1, 2, 3, 1, 2, 3]);
    expect(r.commands.slice(0, 3).map((c) => c.command.kind)).toEqual(['id', 'cap', 'poll']);
  });

  it('pulses the relay; the PD turns it off by itself when the timer ends', async () => {
    const r = await rig();
    const started = Date.now();
    await r.acu.board(PD).pulseRelay(0, 300);
    expect(r.sim.relay(0)).toBe(true);
    const [output, on] = (await once(r.sim, 'relay')) as [number, boolean];
    expect({ output, on }).toEqual({ output: 0, on: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(count(r, 'out')).toBe(1);
  });

  it('writes both LCD lines, fitted to 2x16', async () => {
    const r = await rig();
    await r.acu.board(PD).showText(['Welcome', 'Zoë Müller-Lüdenscheidt']);
    expect(r.sim.lcd()).toEqual(['Welcome         ', 'Zoe Muller-Luden']);
  });

  it('shows temporary text, then the PD brings back the permanent text', async () => {
    const r = await rig();
    const board = r.acu.board(PD);
    await board.showText(['Ready', '']);
    await board.showText(['Access denied', ''], { temporarySeconds: 1 });
    expect(r.sim.lcd()[0]).toBe('Access denied   ');
    await waitFor('the permanent text', () => r.sim.lcd()[0] === 'Ready           ', 3000);
  });

  it('drives the buzzer and LED, and reads inputs, outputs and tamper', async () => {
    const r = await rig();
    const board = r.acu.board(PD);
    await board.beep('double');
    expect(r.sim.lastBeep()).toEqual({
      reader: 0,
      tone: 'default',
      onTime: 2,
      offTime: 2,
      count: 2,
    });
    await board.led('green', { seconds: 2 });
    expect(r.sim.led()).toBe('green');
    r.sim.setInput(1, true);
    expect(await board.inputs()).toEqual([false, true]);
    await board.setRelay(1, true);
    expect(await board.outputs()).toEqual([false, true]);
    r.sim.setTamper(true);
    expect(await board.localStatus()).toEqual({ tamper: true, powerFailure: false });
  });

  it('reports a changed input from the reply to osdp_POLL', async () => {
    const r = await rig();
    const reply = once(r.acu, 'pd-reply');
    r.sim.setInput(0, true);
    expect(await reply).toEqual([PD, { kind: 'istatr', inputs: [true, false] }]);
  });

  it('starts poll cycles one interval apart from start to start: it naps only what the cycle left of it', async () => {
    const r = await rig({ pollIntervalMs: 100, replyTimeoutMs: 200 });
    // Each poll now takes at least 40 ms (the PD answers late), so each nap is at most 60 ms.
    r.sim.faults.replyDelayMs = 40;
    const sleep = jest.spyOn(Waker.prototype, 'sleep');
    try {
      const polls = count(r, 'poll');
      await waitFor('four slow polls', () => count(r, 'poll') >= polls + 4);
      const later = sleep.mock.calls.map(([ms]) => ms).slice(1); // the first may follow a cycle begun before the delay
      expect(later.length).toBeGreaterThanOrEqual(2);
      for (const nap of later) {
        expect(nap).toBeGreaterThan(0);
        expect(nap).toBeLessThanOrEqual(61); // 100 - 40, and a timer may fire up to 1 ms early
      }
    } finally {
      sleep.mockRestore();
    }
  });

  it('goes offline when the PD is silent, refuses commands, and comes back online', async () => {
    const r = await rig();
    const offline = once(r.acu, 'pd-offline');
    r.sim.faults.silent = true;
    expect(await offline).toEqual([PD, 'no-reply']);
    expect(r.acu.isOnline(PD)).toBe(false);
    expect((await faultOf(r.acu.board(PD).pulseRelay(0, 300))).code).toBe('offline');
    const online = once(r.acu, 'pd-online');
    r.sim.faults.silent = false;
    await online;
    await r.acu.board(PD).pulseRelay(0, 300);
    expect(r.sim.relay(0)).toBe(true);
  });

  it('fails a command the PD never answers with timeout (or offline, if a poll noticed first)', async () => {
    const r = await rig();
    r.sim.faults.silent = true;
    expect(['timeout', 'offline']).toContain(
      (await faultOf(r.acu.board(PD).pulseRelay(0, 300))).code,
    );
  });

  it('rejects with the NAK reason, and the PD stays online', async () => {
    const r = await rig();
    r.sim.faults.nakReplies = 1;
    r.sim.faults.nakReason = 'cannot-process-record';
    const fault = await faultOf(r.acu.board(PD).pulseRelay(0, 300));
    expect({ code: fault.code, nakReason: fault.nakReason }).toEqual({
      code: 'nak',
      nakReason: 'cannot-process-record',
    });
    expect(r.acu.isOnline(PD)).toBe(true);
    await r.acu.board(PD).pulseRelay(0, 300);
  });

  it('sends the command again after osdp_BUSY, and gives up with busy', async () => {
    const r = await rig({ busyRetries: 3 });
    r.sim.faults.busyReplies = 2;
    await r.acu.board(PD).pulseRelay(0, 300);
    expect(count(r, 'out')).toBe(1);
    r.sim.faults.busyReplies = 1000;
    expect((await faultOf(r.acu.board(PD).beep())).code).toBe('busy');
    r.sim.faults.busyReplies = 0;
  });

  it.each([
    ['a lost reply', (s: OsdpPdSimulator) => (s.faults.dropReplies = 1)],
    ['a corrupted reply', (s: OsdpPdSimulator) => (s.faults.corruptReplies = 1)],
    ['a late reply', (s: OsdpPdSimulator) => (s.faults.replyDelayMs = 150)],
  ])(
    'retries after %s with the same sequence number; the relay is pulsed once',
    async (_name, fault) => {
      const r = await rig();
      fault(r.sim);
      await r.acu.board(PD).pulseRelay(0, 300);
      expect(r.sim.relay(0)).toBe(true);
      expect(count(r, 'out')).toBe(1);
      expect(r.acu.isOnline(PD)).toBe(true);
    },
  );

  it('starts again from sequence number 0 when the PD restarted', async () => {
    const r = await rig();
    r.sim.reboot();
    await r.acu.board(PD).showText(['After reboot', '']);
    expect(r.sim.lcd()[0]).toBe('After reboot    ');
  });

  it('expires a command that waited in the queue past its deadline', async () => {
    const r = await rig({ commandDeadlineMs: 50, replyTimeoutMs: 400 });
    r.sim.faults.replyDelayMs = 120;
    const [first, second] = await Promise.allSettled([
      r.acu.board(PD).beep(),
      r.acu.board(PD).beep(),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status === 'rejected' && (second.reason as DoorLinkFault).code).toBe('expired');
  });

  it('reports a lost transport, reopens it and learns the PD again', async () => {
    const r = await rig();
    const lost = once(r.acu, 'transport-lost');
    const offline = once(r.acu, 'pd-offline');
    r.acuEnd.unplug();
    await lost;
    expect(await offline).toEqual([PD, 'transport-lost']);
    expect((await faultOf(r.acu.board(PD).beep())).code).toBe('offline');
    const restored = once(r.acu, 'transport-restored');
    const online = once(r.acu, 'pd-online');
    r.acuEnd.plugIn();
    await restored;
    await online;
    await r.acu.board(PD).beep();
  });

  it('rejects commands in flight with stopped when stopped', async () => {
    const r = await rig({ replyTimeoutMs: 1000 });
    r.sim.faults.silent = true;
    const pending = faultOf(r.acu.board(PD).beep());
    await new Promise((res) => setTimeout(res, 50));
    await r.acu.stop();
    expect((await pending).code).toBe('stopped');
    expect(r.acu.isOnline(PD)).toBe(false);
  });

  it('can start again after stop, and learns the PD again', async () => {
    const r = await rig();
    await r.acu.stop();
    const online = once(r.acu, 'pd-online');
    await r.acu.start();
    await online;
    await r.acu.board(PD).pulseRelay(0, 200);
    expect(r.sim.relay(0)).toBe(true);
  });

  it('works over a line that splits every message into 3-byte pieces', async () => {
    const r = await rig({}, { chunkSize: 3 });
    await r.acu.board(PD).pulseRelay(1, 200);
    await r.acu.board(PD).showText(['Split', 'frames']);
    expect(r.sim.relay(1)).toBe(true);
    expect(r.sim.lcd()).toEqual(['Split           ', 'frames          ']);
  });

  it('works with the 8-bit checksum instead of the CRC', async () => {
    const r = await rig({ check: 'checksum' });
    await r.acu.board(PD).pulseRelay(0, 200);
    expect(r.sim.relay(0)).toBe(true);
  });

  it('refuses an address it does not serve', async () => {
    const r = await rig();
    expect(() => r.acu.board(9)).toThrow(RangeError);
    expect((await faultOf(r.acu.send(9, { kind: 'poll' }))).code).toBe('offline');
  });
});
