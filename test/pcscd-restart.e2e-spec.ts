import { KioskRig } from './harness/kiosk-rig';
import { PcscdProcess } from './harness/pcscd.process';
import { waitFor } from './harness/wait';

/**
 * The PC/SC middleware goes away under a running kiosk and comes back: the kiosk keeps running,
 * records the loss and the return, and decides the next tap.
 */
const UID = '04C0FFEE123456';

describe('pcscd killed and started again under a running kiosk', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9c80,
      env: { KIOSK_DOOR_PULSE_MS: '500' },
      prepare: (r) =>
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Alan Turing', '--uid', UID]),
    });
  });
  afterAll(() => rig?.stop());

  const deviceEvents = () =>
    rig
      .audit()
      .filter((row) => row.type === 'device-event')
      .map((row) => row.outcome);
  const seen = (event: string) => () => (deviceEvents().includes(event) ? true : undefined);

  it('records the service lost and restored, decides the next tap, and logs no tap-path error', async () => {
    await waitFor('the reader attached', seen('reader-attached'));
    await rig.pcscd.stop('SIGKILL'); // no goodbye to its clients; stale pid file and socket left
    await waitFor('service-lost in the audit log', seen('service-lost'), 15_000);
    await rig.door.waitForLcd('Out of service'); // nobody taps at a door that cannot read cards
    const down = await fetch(`${rig.kiosk.url}/api/v1/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      error: { cardReaders: { status: 'down', service: 'lost' } },
    });
    await rig.pcscd.start();
    await waitFor('service-restored in the audit log', seen('service-restored'), 20_000);
    await rig.door.waitForLcd('Present card');
    await waitFor('the reader attached again', () => {
      const events = deviceEvents();
      return events.lastIndexOf('reader-attached') > events.indexOf('service-restored')
        ? true
        : undefined;
    });
    const up = await fetch(`${rig.kiosk.url}/api/v1/health`);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({
      details: {
        cardReaders: {
          status: 'up',
          service: 'up',
          readers: expect.arrayContaining([PcscdProcess.readerName(0)]) as unknown,
        },
      },
    });

    const since = Date.now();
    const granted = await rig.tap(UID);
    await rig.door.waitForRelay(true, since).catch((err) => rig.kiosk.explain(err));
    await rig.door.waitForLcd('Welcome', 'Alan Turing');
    expect(granted).toMatchObject({ outcome: 'granted', credential_display: UID });

    // Kept running throughout, with no error logged by the tap path. In this case, not one of its
    // own: alone, or run first, such a case would prove nothing.
    expect((await fetch(`${rig.kiosk.url}/api/v1/health`)).status).toBe(200);
    const errors = rig.kiosk.lines.filter(
      (line) =>
        line.level >= 50 && line.context === 'TapOrchestrator' && line.msg !== 'card reader error',
    );
    expect(errors).toEqual([]);
  });
});
