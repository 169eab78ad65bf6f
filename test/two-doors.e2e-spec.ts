import { KioskRig } from './harness/kiosk-rig';
import { doorHealth, readHealth } from './harness/health';
import { waitFor } from './harness/wait';

/**
 * Two doors on one terminal, wired to one board on the real pty (relays 0 and 1, contacts on
 * * inputs 0 and 1), each with its own PC/SC reader: a card opens the door of the reader it was
 * read on, and a door's alarm names that door.
 */
const UID = '04D00B1E000001';
const DOORS = [
  {
    id: 'front',
    address: 0,
    relay: 0,
    contactInput: 0,
    pulseMs: 800,
    readers: ['Virtual PCD 00 00'],
  },
  {
    id: 'back',
    address: 0,
    relay: 1,
    contactInput: 1,
    pulseMs: 800,
    readers: ['Virtual PCD 00 01'],
  },
];

describe('two doors on one terminal', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d10,
      env: { KIOSK_DOORS: JSON.stringify(DOORS) },
      prepare: (r) =>
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Two Doors', '--uid', UID]),
    });
    for (const id of ['front', 'back'])
      await waitFor(`door ${id} known closed`, async () =>
        (await doorHealth(rig.kiosk.url, id)).contact === 'closed' ? true : undefined,
      );
  });
  afterAll(() => rig?.stop());

  it('lists both doors on /health', async () => {
    const health = await readHealth(rig.kiosk.url);
    expect(health.details.doors.doors.map((d) => [d.doorId, d.online])).toEqual([
      ['front', true],
      ['back', true],
    ]);
  });

  it.each([
    [0, 'front', 0, 1],
    [1, 'back', 1, 0],
  ] as const)('a card on slot %i opens door %s: relay %i only', async (slot, door, on, off) => {
    const relays: number[] = [];
    const listener = (output: number, active: boolean) => {
      if (active) relays.push(output);
    };
    rig.door.simulator.on('relay', listener);
    try {
      const record = await rig.tap(UID, slot);
      expect(record).toMatchObject({ door_id: door, outcome: 'granted' });
      await waitFor(`relay ${on} on`, () => (relays.includes(on) ? true : undefined));
      expect(relays).not.toContain(off);
    } finally {
      rig.door.simulator.off('relay', listener);
    }
  });

  it("names door back in back's forced-open alarm, and leaves front alone", async () => {
    // A grant lets the door open without alarm for its pulse and a grace second (800 + 1000 ms):
    // let any earlier case's grant run out, so this opening is forced whatever ran before.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const doorEvents = () => rig.audit().filter((row) => row.type === 'door-event');
    const from = doorEvents().length;
    rig.door.simulator.setInput(1, true); // back's contact: opened with no grant
    await waitFor('the forced-open alarm', () =>
      doorEvents()
        .slice(from)
        .some((e) => e.outcome === 'forced-open')
        ? true
        : undefined,
    );
    rig.door.simulator.setInput(1, false);
    await waitFor('the alarm cleared', () =>
      doorEvents()
        .slice(from)
        .some((e) => e.outcome === 'forced-open-cleared')
        ? true
        : undefined,
    );
    const events = doorEvents()
      .slice(from)
      .map((e) => [e.door_id, e.outcome]);
    expect(events).toEqual([
      ['back', 'opened'],
      ['back', 'forced-open'],
      ['back', 'closed'],
      ['back', 'forced-open-cleared'],
    ]);
  });
});
