import { once } from 'node:events';
import { OsdpPdSimulator } from '../simulator/osdp-pd.simulator';
import { SimulatedBus } from '../simulator/simulated-bus';
import type { OsdpCommand } from '../osdp/osdp-command.codec';
import type { OsdpSequence } from '../osdp/osdp-frame.codec';
import { MemoryTransport } from './memory.transport';
import { OsdpAcu } from './osdp-acu';
import type { OsdpCardRead, OsdpKeypadEntry } from './osdp-reader-events';

jest.setTimeout(15_000);

async function waitFor(what: string, test: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

type Seen = { command: OsdpCommand; sequence: OsdpSequence }[];

async function bus(addresses: number[], acuEnd?: MemoryTransport, pdEnd?: MemoryTransport) {
  const [a, b] = acuEnd && pdEnd ? [acuEnd, pdEnd] : MemoryTransport.pair();
  const shared = new SimulatedBus(b);
  const sims = addresses.map(
    (address) => new OsdpPdSimulator(shared.drop(), { address, view: null }),
  );
  const seen = sims.map(() => [] as Seen);
  sims.forEach((sim, i) =>
    sim.on('command', (command, sequence) => seen[i]?.push({ command, sequence })),
  );
  for (const sim of sims) await sim.start();
  const acu = new OsdpAcu(a, {
    addresses,
    pollIntervalMs: 10,
    replyTimeoutMs: 50,
    offlineProbeMs: 50,
  });
  acu.on('error', (err) => {
    throw err;
  });
  stops.push(async () => {
    await acu.stop();
    for (const sim of sims) await sim.stop();
  });
  await acu.start();
  await waitFor('every PD online', () => addresses.every((ad) => acu.isOnline(ad)));
  return { acu, sims, seen, acuEnd: a };
}

describe('OsdpAcu on a multi-drop bus (SimulatedBus over memory)', () => {
  it('polls each PD in turn, each with its own sequence numbers', async () => {
    const { seen } = await bus([1, 2, 5]);
    await waitFor('five messages to each PD', () => seen.every((s) => s.length >= 5));
    for (const s of seen) {
      expect(s.slice(0, 5).map((c) => c.sequence)).toEqual([0, 1, 2, 3, 1]);
      expect(s.slice(0, 3).map((c) => c.command.kind)).toEqual(['id', 'cap', 'poll']);
    }
  });

  it('gives each PD its own commands', async () => {
    const { acu, sims, seen } = await bus([1, 2]);
    await Promise.all([acu.board(1).pulseRelay(0, 300), acu.board(2).showText(['Back door', ''])]);
    expect(sims[0]?.relay(0)).toBe(true);
    expect(sims[1]?.relay(0)).toBe(false);
    expect(sims[1]?.lcd()[0]).toBe('Back door       ');
    expect(sims[0]?.lcd()[0]).toBe('                ');
    expect(seen[0]?.some((c) => c.command.kind === 'text')).toBe(false);
    expect(seen[1]?.some((c) => c.command.kind === 'out')).toBe(false);
  });

  it('keeps one PD online while the other is silent, and brings it back', async () => {
    const { acu, sims } = await bus([1, 2]);
    const offline = once(acu, 'pd-offline');
    sims[1]!.faults.silent = true;
    expect(await offline).toEqual([2, 'no-reply']);
    await acu.board(1).beep();
    expect(acu.isOnline(1)).toBe(true);
    const online = once(acu, 'pd-online');
    sims[1]!.faults.silent = false;
    expect((await online)[0]).toBe(2);
    await acu.board(2).beep();
  });
});

describe('OsdpAcu reader events', () => {
  it("turns osdp_RAW into 'card-read' and osdp_KEYPAD into 'keypad'", async () => {
    const { acu, sims } = await bus([3]);
    const reads: OsdpCardRead[] = [];
    const keys: OsdpKeypadEntry[] = [];
    acu.on('card-read', (read) => reads.push(read));
    acu.on('keypad', (entry) => keys.push(entry));
    sims[0]!.presentCard(Uint8Array.of(0x04, 0xa2, 0x2b, 0x19));
    sims[0]!.presentCard(Uint8Array.of(0x12, 0x34, 0x56, 0xc0), 26, 'wiegand');
    sims[0]!.pressKeys('12*#');
    await waitFor('two reads and a key entry', () => reads.length === 2 && keys.length === 1);
    expect(reads).toEqual([
      {
        address: 3,
        reader: 0,
        format: 'raw',
        bitCount: 32,
        data: Uint8Array.of(4, 0xa2, 0x2b, 0x19),
        hex: '04a22b19',
      },
      {
        address: 3,
        reader: 0,
        format: 'wiegand',
        bitCount: 26,
        data: Uint8Array.of(0x12, 0x34, 0x56, 0xc0),
        hex: '123456c0',
      },
    ]);
    expect(keys).toEqual([{ address: 3, reader: 0, digits: '12*#' }]);
  });
});

describe('OsdpAcu and osdp_COMSET', () => {
  it('follows the new baud rate after osdp_COM, and the PD stays online', async () => {
    const { acu, sims, acuEnd } = await bus([1]);
    const reply = await acu.send(1, { kind: 'comset', address: 1, baudRate: 38400 });
    expect(reply).toEqual({ kind: 'com', address: 1, baudRate: 38400 });
    await waitFor('both ends at 38400', () => acuEnd.baudRate === 38400);
    await acu.board(1).pulseRelay(0, 200);
    expect(sims[0]?.relay(0)).toBe(true);
    expect(acu.isOnline(1)).toBe(true);
  });

  it('refuses osdp_COMSET to another speed when the transport cannot change speed', async () => {
    const [a, b] = MemoryTransport.pair();
    const fixed = Object.assign(a, { setBaudRate: undefined });
    const { acu } = await bus([1], fixed, b);
    await expect(
      acu.send(1, { kind: 'comset', address: 1, baudRate: 38400 }),
    ).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(acu.isOnline(1)).toBe(true);
  });
});
