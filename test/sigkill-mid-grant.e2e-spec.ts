import { KioskRig } from './harness/kiosk-rig';

/**
 * The door is a safety device: the kiosk killed outright in the middle of a grant must not leave
 * it open. osdp_OUT asks for "temporary on" with a timer, so the board turns the relay off by
 * itself when the pulse time has passed, whether or not the kiosk is still there.
 */
const UID = '04DEAD00BEEF01';
const PULSE_MS = 2000;

describe('the kiosk killed with SIGKILL in the middle of a grant', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9c90,
      env: { KIOSK_DOOR_PULSE_MS: String(PULSE_MS) },
      prepare: (r) =>
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Kim', '--uid', UID]),
    });
  });
  afterAll(() => rig?.stop());

  it('leaves the relay off once the pulse time has passed, and the grant recorded', async () => {
    const since = Date.now();
    await rig.tap(UID);
    const on = await rig.door.waitForRelay(true, since).catch((err) => rig.kiosk.explain(err));
    expect(await rig.kiosk.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(Date.now() - on.at).toBeLessThan(PULSE_MS); // killed while the door was still open
    expect(rig.door.simulator.relay(0)).toBe(true);

    const off = await rig.door.waitForRelay(false, on.at, PULSE_MS + 3000);
    expect(off.at - on.at).toBeGreaterThanOrEqual(PULSE_MS - 100);
    // Nothing turns it on again: no kiosk is left to ask.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rig.door.simulator.relay(0)).toBe(false);

    // The record was durable before the door was told, so the kill did not lose it.
    expect(rig.decisions()).toEqual([
      expect.objectContaining({ outcome: 'granted', credential_display: UID }),
    ]);
  });
});
