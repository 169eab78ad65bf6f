import { PcscdProcess } from './harness/pcscd.process';
import { KioskRig } from './harness/kiosk-rig';

/**
 * An installer's card-reading settings reach the running kiosk: KIOSK_READ_METHODS makes the
 * second reader try the purse file only, while the first still lets the card decide. Test PANs
 * are public test numbers.
 */
const EMV_PAN = '5413330089600010';
const PURSE_PAN = '4111111111111111';

describe('card-reading configuration through the running kiosk', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9ce0,
      env: {
        KIOSK_DOOR_PULSE_MS: '300',
        KIOSK_READ_METHODS: `${PcscdProcess.readerName(1)}=purse-file`,
      },
      prepare: (r) =>
        r.cli(
          ['holder', 'add', '--group', 'Everyone', '--name', 'Pat', '--pan-stdin'],
          `${EMV_PAN}\n${PURSE_PAN}\n`,
        ),
    });
  });
  afterAll(() => rig?.stop());

  it('reads an enrolled bank card by EMV on the reader with no rule', async () => {
    const record = await rig.tap({ name: 'emv-contactless', pan: EMV_PAN }, 0);
    expect(record).toMatchObject({ outcome: 'granted', reader: PcscdProcess.readerName(0) });
    expect(JSON.parse(record.detail)).toMatchObject({ method: 'emv', methodsTried: ['emv'] });
  });

  it('tries only the purse file on the reader with a rule: the same card carries no credential', async () => {
    const record = await rig.tap({ name: 'emv-contactless', pan: EMV_PAN }, 1);
    expect(record).toMatchObject({
      outcome: 'denied',
      reason: 'no-credential',
      reader: PcscdProcess.readerName(1),
    });
    expect(JSON.parse(record.detail)).toMatchObject({ methodsTried: ['purse-file'] });
  });

  it('grants a purse card on that reader', async () => {
    const record = await rig.tap({ name: 'purse-card', pan: PURSE_PAN }, 1);
    expect(record).toMatchObject({ outcome: 'granted', credential_display: '**** **** **** 1111' });
    expect(JSON.parse(record.detail)).toMatchObject({
      method: 'purse-file',
      methodsTried: ['purse-file'],
    });
  });
});
