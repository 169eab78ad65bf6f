import { KioskRig } from './harness/kiosk-rig';
import { PcscdProcess } from './harness/pcscd.process';

/**
 * The first tap, end to end through real parts: pcscd with vpcd and a virtual card on its
 * socket, the built kiosk as a process, a socat pty pair to the OSDP door board simulator,
 * the SQLite file, and HTTP for health.
 */
const ENROLLED_UID = '04A224E2C35E80';
const UNKNOWN_UID = '04B1C2D3E4F501';

describe('first tap: PC/SC card → allowlist → audit → OSDP door board', () => {
  let rig: KioskRig;
  let holderId: string;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9c50,
      env: {
        KIOSK_READER: PcscdProcess.readerName(0),
        KIOSK_DOOR_PULSE_MS: '1000',
        KIOSK_LOG_LEVEL: 'debug',
      },
      prepare: (r) => {
        const out = r.cli([
          'holder',
          'add',
          '--group',
          'Everyone',
          '--name',
          'Ada Lovelace',
          '--uid',
          ENROLLED_UID,
          '--json',
        ]);
        holderId = (JSON.parse(out) as { id: string }).id;
      },
    });
  });
  afterAll(() => rig?.stop());

  it('opens the door for an enrolled card: relay pulse, welcome on the LCD, a granted record', () =>
    openForEnrolledCard().catch((err) => rig.kiosk.explain(err)));

  async function openForEnrolledCard(): Promise<void> {
    // A pulse of an earlier case (any order: --randomize) would hide this one's relay turning on.
    await rig.door.waitForRelayIdle();
    const since = Date.now();
    const granted = await rig.tap(ENROLLED_UID);
    const on = await rig.door.waitForRelay(true, since);
    // Reported, not asserted (speed targets come with the benchmarks, issue 19): card in the
    // field to relay on.
    process.stdout.write(`first tap: card in the field -> relay on in ${on.at - since} ms\n`);
    await rig.door.waitForLcd('Welcome', 'Ada Lovelace');
    // The door board turns the relay off by itself when the pulse time (1 s here) ends.
    const off = await rig.door.waitForRelay(false, on.at);
    expect(off.at - on.at).toBeGreaterThanOrEqual(900);
    expect(on.output).toBe(0);

    expect(granted).toMatchObject({
      door_id: 'main',
      reader: PcscdProcess.readerName(0),
      credential_kind: 'uid',
      credential_display: ENROLLED_UID,
      holder_id: holderId,
      outcome: 'granted',
      reason: null,
    });
    expect(JSON.parse(granted.detail)).toMatchObject({
      cardKind: 'contactless-storage',
      method: 'uid',
      doorOnline: true,
    });
  }

  it('refuses an unknown card: "Access denied", no pulse, a denied record', async () => {
    const since = Date.now();
    const denied = await rig.tap(UNKNOWN_UID);
    await rig.door.waitForLcd('Access denied', 'Unknown card');
    expect(denied).toMatchObject({
      outcome: 'denied',
      reason: 'unknown',
      holder_id: null,
      credential_kind: 'uid',
    });
    // The record is written before the door is told, so by now any pulse would have been sent.
    // Only a relay turning on counts: an earlier case's pulse may still be ending.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(rig.door.relayChanges.filter((c) => c.on && c.at >= since)).toEqual([]);
  });

  it('keeps one record per presentation and an intact hash chain', async () => {
    // Its own two taps, counted from here: the case holds whatever ran before it.
    const before = rig.decisions().length;
    await rig.tap(ENROLLED_UID);
    await rig.tap(UNKNOWN_UID);
    // A second record for one presentation would come from a second read, well within this.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      rig
        .decisions()
        .slice(before)
        .map((row) => row.outcome),
    ).toEqual(['granted', 'denied']);
    expect(JSON.parse(await rig.cliAsync(['audit', 'verify', '--json']))).toMatchObject({
      break: null,
    });
  });
});
