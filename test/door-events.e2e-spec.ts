import { KioskRig } from './harness/kiosk-rig';
import { doorHealth, readHealth } from './harness/health';
import { waitFor } from './harness/wait';

/**
 * The door as the kiosk supervises it, end to end over the socat pty: the door contact reported
 * by the board (osdp_ISTATR), forced and held-open alarms raised and cleared in the audit log,
 * a card read by an OSDP reader on the board, and a board that stops answering.
 */
const UID = '04ABCDEF123456';
const OSDP_CARD = Uint8Array.of(0xca, 0xfe, 0xf0, 0x0d);

describe('door events through the kiosk', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9cd0,
      env: { KIOSK_DOOR_PULSE_MS: '1000', KIOSK_DOOR_HELD_OPEN_MS: '1500' },
      prepare: (r) =>
        r.cli([
          'holder',
          'add',
          '--group',
          'Everyone',
          '--name',
          'Door Dora',
          '--uid',
          UID,
          '--uid',
          'CAFEF00D',
        ]),
    });
  });
  afterAll(() => rig?.stop());

  /** What the kiosk's health says of the door (contact, tamper, power). */
  const mainDoor = () => doorHealth(rig.kiosk.url);

  it('reports a real (not simulated) door board on /health', async () => {
    expect((await readHealth(rig.kiosk.url)).details.doors.simulated).toBe(false);
  });

  beforeEach(async () => {
    // A door first reported open is never called forced (it may have been open all along), and
    // a board back from offline reports its inputs afresh: each case starts from a door in
    // service that the kiosk knows is closed, whatever case ran before, and from any earlier
    // grant's allowance (pulse 1 s + grace 1 s) run out.
    await waitFor('the kiosk to know the door is in service and closed', async () => {
      const door = await mainDoor();
      return door.online && door.contact === 'closed' ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
  });

  const doorEvents = () =>
    rig
      .audit()
      .filter((row) => row.type === 'door-event')
      .map((row) => row.outcome);
  const waitForDoorEvent = (type: string, after = 0) =>
    waitFor(
      `door event ${type}`,
      () => (doorEvents().slice(after).includes(type) ? true : undefined),
      10_000,
    ).catch((err) => rig.kiosk.explain(err));

  it('raises "forced open" when the door opens with no grant, and clears it when it closes', async () => {
    const from = doorEvents().length;
    rig.door.simulator.setDoorOpen(true);
    await waitForDoorEvent('forced-open', from);
    rig.door.simulator.setDoorOpen(false);
    await waitForDoorEvent('forced-open-cleared', from);
    expect(doorEvents().slice(from)).toEqual([
      'opened',
      'forced-open',
      'closed',
      'forced-open-cleared',
    ]);
  });

  it('lets the door open after a grant, and raises "held open" past the limit', async () => {
    const since = Date.now();
    const from = doorEvents().length;
    await rig.tap(UID);
    await rig.door.waitForRelay(true, since);
    rig.door.simulator.setDoorOpen(true);
    await waitForDoorEvent('held-open', from);
    rig.door.simulator.setDoorOpen(false);
    await waitForDoorEvent('held-open-cleared', from);
    expect(doorEvents().slice(from)).toEqual([
      'opened',
      'held-open',
      'closed',
      'held-open-cleared',
    ]);
  });

  it('decides a card read by an OSDP reader on the board like any other', async () => {
    const since = Date.now();
    const before = rig.decisions().length;
    rig.door.simulator.presentCard(OSDP_CARD);
    await rig.door.waitForRelay(true, since).catch((err) => rig.kiosk.explain(err));
    const record = await waitFor('the OSDP decision', () => rig.decisions()[before]);
    expect(record).toMatchObject({
      reader: 'OSDP 0/0',
      credential_display: 'CAFEF00D',
      outcome: 'granted',
    });
  });

  it('takes the door out of service when the board stops answering; decisions go on, nothing pretends', async () => {
    const from = doorEvents().length;
    rig.door.simulator.faults.silent = true;
    await waitForDoorEvent('out-of-service', from);
    expect((await fetch(`${rig.kiosk.url}/api/v1/health`)).status).toBe(503);

    const before = rig.decisions().length;
    const pulses = () => rig.door.relayChanges.filter((change) => change.on).length;
    const pulsesBefore = pulses();
    await rig.tap(UID);
    const decision = await waitFor('the decision while offline', () => rig.decisions()[before]);
    expect(decision).toMatchObject({ outcome: 'granted' });
    expect(JSON.parse(decision.detail)).toMatchObject({ doorOnline: false });
    const failed = await waitFor('the failed door command', () =>
      rig.audit().find((row) => row.type === 'door-command-failed' && row.seq > decision.seq),
    );
    expect(failed.reason).toBe('offline');
    expect(pulses()).toBe(pulsesBefore);

    rig.door.simulator.faults.silent = false;
    await waitForDoorEvent('in-service', from);
    await waitFor('health back to 200', async () =>
      (await fetch(`${rig.kiosk.url}/api/v1/health`)).status === 200 ? true : undefined,
    );
  });

  it('survives its serial line dying and coming back, and decides the next tap', async () => {
    const from = doorEvents().length;
    await rig.door.cutLine();
    await waitForDoorEvent('out-of-service', from);
    expect((await fetch(`${rig.kiosk.url}/api/v1/health`)).status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 700)); // a few reopen attempts, with backoff
    await rig.door.restoreLine();
    await waitForDoorEvent('in-service', from);

    const since = Date.now();
    await rig.tap(UID);
    await rig.door.waitForRelay(true, since).catch((err) => rig.kiosk.explain(err));
    await rig.door.waitForLcd('Welcome', 'Door Dora');
    const errors = rig.kiosk.lines.filter((line) => line.level >= 60);
    expect(errors).toEqual([]); // nothing fatal was logged
  });
});
