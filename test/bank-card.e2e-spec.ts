import { existsSync, readFileSync } from 'node:fs';
import { KioskRig } from './harness/kiosk-rig';
import { KioskProcess } from './harness/kiosk.process';

/**
 * A bank card through the whole kiosk: enrolled by number on standard input, read by EMV from a
 * contactless card, looked up by keyed HMAC. The number must never reach the database file, the
 * audit log or the kiosk's log, in clear.
 */
// Public test numbers (Visa test cards), never real ones.
const ENROLLED_PAN = '4761739001010010';
const UNKNOWN_PAN = '4111111111111111';

describe('a bank card at the door', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9ca0,
      env: { KIOSK_DOOR_PULSE_MS: '500', KIOSK_LOG_LEVEL: 'trace' },
      prepare: (r) => {
        const out = r.cli(
          ['holder', 'add', '--group', 'Everyone', '--name', 'Bank Ada', '--pan-stdin', '--json'],
          `${ENROLLED_PAN}\n`,
        );
        expect(out).not.toContain(ENROLLED_PAN);
      },
    });
  });
  afterAll(() => rig?.stop());

  const tapBankCard = (pan: string) => rig.tap({ name: 'emv-contactless', pan });

  it('opens for the enrolled bank card, recording it masked', async () => {
    const since = Date.now();
    const granted = await tapBankCard(ENROLLED_PAN);
    await rig.door.waitForRelay(true, since).catch((err) => rig.kiosk.explain(err));
    await rig.door.waitForLcd('Welcome', 'Bank Ada');
    expect(granted).toMatchObject({
      outcome: 'granted',
      credential_kind: 'pan',
      credential_display: '**** **** **** 0010',
    });
    expect(JSON.parse(granted.detail)).toMatchObject({ method: 'emv' });
  });

  it('refuses an unknown bank card as unknown', async () => {
    const denied = await tapBankCard(UNKNOWN_PAN);
    await rig.door.waitForLcd('Access denied', 'Unknown card');
    expect(denied).toMatchObject({
      outcome: 'denied',
      reason: 'unknown',
      credential_display: '**** **** **** 1111',
    });
  });

  it('never writes either number in clear: database and audit log, WAL, or the trace-level log', async () => {
    // Both cards tapped here, so that the search has something to miss whatever ran before.
    expect(await tapBankCard(ENROLLED_PAN)).toMatchObject({ outcome: 'granted' });
    expect(await tapBankCard(UNKNOWN_PAN)).toMatchObject({ outcome: 'denied' });
    // Stopped, so that every log line is out and nothing is written while the files are read;
    // started again after, so that a case run later finds a kiosk.
    const kiosk = rig.kiosk;
    await kiosk.stop();
    try {
      expectNoPanInClear(kiosk.rawOutput.join('\n'));
    } finally {
      rig.kiosk = await KioskProcess.start(rig.env);
    }
  });

  function expectNoPanInClear(logs: string): void {
    const files = [rig.dbPath, `${rig.dbPath}-wal`].filter((f) => existsSync(f));
    const stored = Buffer.concat(files.map((f) => readFileSync(f))).toString('latin1');
    for (const pan of [ENROLLED_PAN, UNKNOWN_PAN]) {
      // As digits, and as the BCD bytes of tag 5A in a hex dump of an APDU ("47 61 73 ...").
      const bcdHex = pan.match(/../g)!.join(' ');
      for (const form of [pan, bcdHex, bcdHex.replace(/ /g, ':')]) {
        expect(stored).not.toContain(form);
        expect(logs).not.toContain(form);
      }
    }
    // The searches can find what they look for: the masks are there.
    expect(stored).toContain('**** **** **** 0010');
    expect(logs).toContain('**** **** **** 1111');
  }
});
