import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OsdpPdSimulator } from '../simulator/osdp-pd.simulator';
import { PtyPair } from '../simulator/pty-pair';
import { DoorLinkFault } from './door-link.errors';
import { OsdpAcu } from './osdp-acu';
import { SerialTransport } from './serial.transport';

jest.setTimeout(20_000);

describe('OsdpAcu and the PD simulator over a real socat pty pair', () => {
  let dir: string;
  let pty: PtyPair;
  let sim: OsdpPdSimulator;
  let acu: OsdpAcu;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'door-pty-'));
    pty = await PtyPair.open(dir);
    sim = new OsdpPdSimulator(new SerialTransport({ path: pty.b, baudRate: 9600 }), {
      address: 0,
      view: null,
    });
    await sim.start();
    acu = new OsdpAcu(new SerialTransport({ path: pty.a, baudRate: 9600 }), {
      addresses: [0],
      reopenBackoffMs: { min: 50, max: 200 },
    });
  });

  afterEach(async () => {
    await acu.stop();
    await sim.stop();
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulses the relay and writes the LCD', async () => {
    const online = once(acu, 'pd-online');
    await acu.start();
    await online;
    const board = acu.board(0);
    const off = new Promise<void>((resolve) =>
      sim.on('relay', (output, on) => output === 0 && !on && resolve()),
    );
    await Promise.all([board.pulseRelay(0, 300), board.showText(['Welcome', 'Alice'])]);
    expect(sim.relay(0)).toBe(true);
    expect(sim.lcd()).toEqual(['Welcome         ', 'Alice           ']);
    await off;
  });

  it('reports the port lost when the pty goes away', async () => {
    const online = once(acu, 'pd-online');
    await acu.start();
    await online;
    const lost = once(acu, 'transport-lost');
    await pty.close();
    const [fault] = (await lost) as [DoorLinkFault];
    expect(fault).toBeInstanceOf(DoorLinkFault);
    expect(fault.code).toBe('transport');
  });

  it('rejects open() of a missing device with a transport fault', async () => {
    const missing = new SerialTransport({ path: join(dir, 'nothing-here'), baudRate: 9600 });
    await expect(missing.open()).rejects.toMatchObject({
      name: 'DoorLinkFault',
      code: 'transport',
    });
  });
});

describe('PtyPair', () => {
  it('says how to install socat when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'door-pty-'));
    try {
      await expect(PtyPair.open(dir, { socat: join(dir, 'no-socat-here') })).rejects.toThrow(
        'socat not found: apt-get install socat',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
