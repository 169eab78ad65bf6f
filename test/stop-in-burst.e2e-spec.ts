import { KioskRig } from './harness/kiosk-rig';
import { waitFor } from './harness/wait';

/**
 * The kiosk stopped in the middle of a burst of taps on the door board's own OSDP reader (card
 * reads through the real pty). Killed with SIGKILL: every tap the door acknowledged (its LCD
 * showed the answer, so the kiosk had told the door) has its decision in the log after the
 * restart, and the chain verifies; the decision is durable before the door is told. Stopped with
 * SIGTERM: it takes no new tap, finishes the one in hand, records its stop after every decision
 * and exits 0 within 5 s.
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

describe('the kiosk stopped in the middle of a burst of taps', () => {
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

  it('stops on SIGTERM in a burst within 5 s, exit 0, keeping every acknowledged tap and its stop', async () => {
    const byName = new Map(CARDS.map(({ name, uid }) => [name, hex(uid)]));
    const seqBefore = rig.audit().at(-1)!.seq;
    const acknowledged: string[] = [];
    const stopped: { at: number; end: Promise<unknown> | null } = { at: 0, end: null };
    const onText = (lines: readonly string[]) => {
      const name = lines[1]?.trim() ?? '';
      if (lines[0]?.trim() !== 'Welcome' || !byName.has(name)) return;
      if (!acknowledged.includes(name)) acknowledged.push(name);
      if (acknowledged.length === 1 && stopped.end === null) {
        stopped.at = Date.now();
        stopped.end = rig.kiosk.stop('SIGTERM');
      }
    };
    rig.door.simulator.on('text', onText);
    for (const { uid } of CARDS) rig.door.simulator.presentCard(uid);
    const end = await waitFor('the stop', () => stopped.end ?? undefined);
    expect(await end).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopped.at).toBeLessThan(5000);
    rig.door.simulator.off('text', onText);
    const acknowledgedBeforeStop = [...acknowledged];

    await rig.restartKiosk();
    // This run's records: up to the next start (the board still holds the cards it was not
    // asked for, and reports them to the restarted kiosk).
    const nextStart = rig
      .audit()
      .find((r) => r.seq > seqBefore && r.type === 'service' && r.outcome === 'started')!;
    const after = rig.audit().filter((r) => r.seq > seqBefore && r.seq < nextStart.seq);
    const granted = after
      .filter((r) => r.type === 'access-decision' && r.outcome === 'granted')
      .map((r) => r.credential_display);
    for (const name of acknowledgedBeforeStop) expect(granted).toContain(byName.get(name));
    // The stop is recorded, after every decision of the run, and before the next start.
    const stop = after.find((r) => r.type === 'service' && r.outcome === 'stopped')!;
    expect(JSON.parse(stop.detail)).toEqual({ signal: 'SIGTERM' });
    const decisions = after.filter((r) => r.type === 'access-decision');
    expect(decisions.every((d) => d.seq < stop.seq)).toBe(true);
    expect(JSON.parse(rig.cli(['audit', 'verify', '--json']))).toMatchObject({ break: null });
  });
});
