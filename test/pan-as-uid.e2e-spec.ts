import { existsSync, readFileSync } from 'node:fs';
import { KioskRig } from './harness/kiosk-rig';
import { KioskProcess, runKioskCliAsync } from './harness/kiosk.process';
import { waitFor } from './harness/wait';

/**
 * "A bank-card number is never stored in clear", on every path a credential enters: typed as a
 * UID in each form the hex parser accepts, and read by an OSDP reader as raw bytes. A public
 * Diners test number (36259600000004), which is also 7 bytes of valid hex.
 */
const PAN = '36259600000004';
const TYPED = [PAN, `0x${PAN}`, '36:25:96:00:00:00:04', '3625-9600-0000-04', '3625 9600 0000 04'];
const SPELLINGS = [PAN, '36 25 96 00 00 00 04', '36:25:96', '362596', '3625 9600'];

describe('a bank-card number entered as a UID', () => {
  let rig: KioskRig;
  beforeAll(async () => {
    rig = await KioskRig.start({ vpcdPort: 0x9d00 });
  });
  afterAll(() => rig?.stop());

  it.each(TYPED)('is refused when typed as %s, without echoing it', async (typed) => {
    const result = await runKioskCliAsync(
      ['holder', 'add', '--group', 'Everyone', '--name', 'Bob', '--uid', typed],
      rig.env,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/looks like a bank-card number/);
    for (const spelling of SPELLINGS) expect(result.stderr).not.toContain(spelling);
  });

  let presentedAt = 0;
  /**
   * An OSDP reader on the board sends the number as raw bytes; resolves with the decision. The
   * same card at the same OSDP reader within 3 s is one presentation (decided once, the repeats
   * counted), so a second presentation waits that out.
   */
  async function presentRawPan() {
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, presentedAt + 3100 - Date.now())),
    );
    presentedAt = Date.now();
    const before = rig.decisions().length;
    rig.door.simulator.presentCard(Uint8Array.of(0x36, 0x25, 0x96, 0x00, 0x00, 0x00, 0x04));
    return waitFor('the OSDP decision', () => rig.decisions()[before]).catch((err: unknown) =>
      rig.kiosk.explain(err),
    );
  }

  it('is a PAN, masked and hashed, when an OSDP reader sends it as raw bytes', async () => {
    expect(await presentRawPan()).toMatchObject({
      reader: 'OSDP 0/0',
      credential_kind: 'pan',
      credential_display: expect.stringMatching(/0004$/),
      outcome: 'denied',
      reason: 'unknown',
    });
  });

  it('is nowhere in the database, its WAL or the kiosk log', async () => {
    // Entered here on both paths, so that the search has something to miss whatever ran before.
    await runKioskCliAsync(
      ['holder', 'add', '--group', 'Everyone', '--name', 'Bob', '--uid', `0x${PAN}`],
      rig.env,
    );
    await presentRawPan();
    const kiosk = rig.kiosk;
    await kiosk.stop(); // the log complete, the WAL as the process left it
    try {
      expectNowhere(kiosk.rawOutput.join('\n'));
    } finally {
      rig.kiosk = await KioskProcess.start(rig.env); // for a case run after this one
    }
  });

  function expectNowhere(logged: string): void {
    const files = [rig.dbPath, `${rig.dbPath}-wal`].filter((f) => existsSync(f));
    const stored = Buffer.concat(files.map((f) => readFileSync(f)));
    // The mask is there, so the search is known to look at the right bytes.
    expect(stored.includes(Buffer.from('**** **** **** 0004', 'latin1'))).toBe(true);
    for (const spelling of [PAN, '36 25 96 00 00 00 04', '3625960000000', '36259600']) {
      expect(stored.includes(Buffer.from(spelling, 'latin1'))).toBe(false);
      expect(logged.toLowerCase()).not.toContain(spelling);
    }
    // The raw bytes themselves, as a UID would have been stored (hex) or as binary.
    expect(stored.includes(Buffer.from([0x36, 0x25, 0x96, 0x00, 0x00, 0x00, 0x04]))).toBe(false);
    expect(logged).not.toMatch(/36259600000004/i);
  }
});
