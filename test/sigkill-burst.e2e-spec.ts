import { KioskRig } from './harness/kiosk-rig';
import { waitFor } from './harness/wait';

/**
 * The kiosk killed with SIGKILL in the middle of a burst of taps on the door board's own OSDP
 * reader (card reads through the real pty): every tap the door acknowledged (its LCD showed the
 * answer, so the kiosk had told the door) has its decision in the log after the restart, and
 * the chain verifies. The decision is durable before the door is told; this proves it end to end.
 */
const CARDS = [1, 2, 3, 4, 5].map((n) => ({
  name: `Burst ${n}`,
  uid: Uint8Array.from([0x04, 0xb5, 0xe7, 0xaa, 0x00, 0x00, n]),
}));
const hex = (uid: Uint8Array) => Buffer.from(uid).toString('hex').toUpperCase();
const DOORS = [
  {
    id: 'main',
    address: 0,
    relay: 0,
    contactInput: 0,
    pulseMs: 500,
    readers: ['Virtual PCD 00 00'],
    osdpReaders: [0],
  },
];

describe('the kiosk killed with SIGKILL in the middle of a burst of taps', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9dc0,
      env: { KIOSK_DOORS: JSON.stringify(DOORS) },
      prepare: (r) => {
        for (const { name, uid } of CARDS)
          r.cli(['holder', 'add', '--group', 'Everyone', '--name', name, '--uid', hex(uid)]);
      },
    });
  });
  afterAll(() => rig?.stop());

  it('keeps the decision of every acknowledged tap, and the chain verifies after restart', async () => {
    const byName = new Map(CARDS.map(({ name, uid }) => [name, hex(uid)]));
    // A tap is acknowledged when the LCD shows its holder's name (the second line written).
    const acknowledged: string[] = [];
    const kill: { done: Promise<unknown> | null } = { done: null };
    const onText = (lines: readonly string[]) => {
      const name = lines[1]?.trim() ?? '';
      if (lines[0]?.trim() !== 'Welcome' || !byName.has(name)) return;
      if (!acknowledged.includes(name)) acknowledged.push(name);
      // Killed the moment the second tap is acknowledged: the others are still on their way.
      if (acknowledged.length === 2) kill.done ??= rig.kiosk.stop('SIGKILL');
    };
    rig.door.simulator.on('text', onText);
    // All reported by the board as fast as it is polled.
    for (const { uid } of CARDS) rig.door.simulator.presentCard(uid);
    const killed = await waitFor('the kill', () => kill.done ?? undefined);
    expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });
    rig.door.simulator.off('text', onText);
    const acknowledgedBeforeKill = [...acknowledged];

    await rig.restartKiosk();
    const granted = rig
      .decisions()
      .filter((d) => d.outcome === 'granted' && d.reader === 'OSDP 0/0')
      .map((d) => d.credential_display);
    expect(acknowledgedBeforeKill.length).toBeGreaterThanOrEqual(2);
    for (const name of acknowledgedBeforeKill) expect(granted).toContain(byName.get(name));
    // Decided in the order the board reported them, and none twice.
    expect(granted).toEqual(CARDS.slice(0, granted.length).map(({ uid }) => hex(uid)));
    const verify = JSON.parse(rig.cli(['audit', 'verify', '--json'])) as { break: unknown };
    expect(verify.break).toBeNull();
    const service = rig.audit().filter((r) => r.type === 'service');
    // The killed run could not say it stopped: a start follows a start.
    expect(service.map((r) => r.outcome)).not.toContain('stopped');
  });
});
