import { profileByName, type ProfileChoice } from '@kiosk/card/virtual';
import { sleep, waitFor } from './harness/wait';
import { KioskRig } from './harness/kiosk-rig';

/**
 * Every kind of card a door meets, one after another, through the running kiosk: each gets the
 * expected decision (or, pulled mid-read, no decision), every one is recorded, and the kiosk
 * keeps running. Test PANs are public test numbers.
 */
type Expected =
  | {
      type: 'access-decision';
      outcome: 'granted' | 'denied';
      reason: string | null;
      kind: string | null;
    }
  | { type: 'card-read-incomplete' };

const CASES: Array<[string, ProfileChoice, Expected]> = [
  [
    'an unknown NTAG216',
    { name: 'ntag216', uid: '04A224E2C35E80' },
    { type: 'access-decision', outcome: 'denied', reason: 'unknown', kind: 'uid' },
  ],
  [
    'an enrolled MIFARE Classic 1K',
    { name: 'mifare-classic-1k', uid: 'CAFEBABE' },
    { type: 'access-decision', outcome: 'granted', reason: null, kind: 'uid' },
  ],
  [
    'a phone (random UID)',
    { name: 'phone' },
    { type: 'access-decision', outcome: 'denied', reason: 'random-uid', kind: null },
  ],
  [
    'an enrolled purse-file card',
    { name: 'purse-card', pan: '4111111111111111' },
    { type: 'access-decision', outcome: 'granted', reason: null, kind: 'pan' },
  ],
  [
    'an unknown EMV contact card',
    { name: 'emv-contact', pan: '4761739001010010' },
    { type: 'access-decision', outcome: 'denied', reason: 'unknown', kind: 'pan' },
  ],
  [
    'an enrolled EMV contactless card',
    { name: 'emv-contactless', pan: '5413330089600010' },
    { type: 'access-decision', outcome: 'granted', reason: null, kind: 'pan' },
  ],
  [
    'a card answering with wrong lengths',
    { name: 'hostile', hostile: 'wrong-lengths' },
    { type: 'access-decision', outcome: 'denied', reason: 'unreadable-card', kind: null },
  ],
  [
    'a card refusing every class',
    { name: 'hostile', hostile: 'class-not-supported' },
    { type: 'access-decision', outcome: 'denied', reason: 'no-credential', kind: null },
  ],
  [
    'a card answering 61xx forever',
    { name: 'hostile', hostile: 'endless-61xx' },
    { type: 'access-decision', outcome: 'denied', reason: 'unreadable-card', kind: null },
  ],
  [
    'a card too slow to answer',
    { name: 'hostile', hostile: 'slow' },
    { type: 'access-decision', outcome: 'denied', reason: 'unreadable-card', kind: null },
  ],
  [
    'a card pulled in the middle of an APDU',
    { name: 'hostile', hostile: 'vanish' },
    { type: 'card-read-incomplete' },
  ],
];

describe('every card a door meets, through the running kiosk', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9cb0,
      env: { KIOSK_DOOR_PULSE_MS: '300', KIOSK_LOG_LEVEL: 'debug' },
      prepare: (r) => {
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Mo', '--uid', 'CAFEBABE']);
        r.cli(
          ['holder', 'add', '--group', 'Everyone', '--name', 'Pat', '--pan-stdin'],
          '4111111111111111\n5413330089600010\n',
        );
      },
    });
  });
  afterAll(() => rig?.stop());

  it.each(CASES)('%s', async (_what, choice, expected) => {
    const record = await rig.tap(choice);
    if (expected.type === 'card-read-incomplete') {
      expect(record).toMatchObject({
        type: 'card-read-incomplete',
        reason: 'card-removed',
        outcome: null,
      });
    } else {
      expect(record).toMatchObject({
        type: 'access-decision',
        outcome: expected.outcome,
        reason: expected.reason,
        credential_kind: expected.kind,
      });
    }
    expect((await fetch(`${rig.kiosk.url}/api/v1/health`)).status).toBe(200);
  });

  it('a garbage ATR opens nothing, and the next card is still decided', async () => {
    const grantsBefore = rig.tapRecords().filter((r) => r.outcome === 'granted').length;
    await rig.pcscd.present(profileByName({ name: 'hostile', hostile: 'garbage-atr' }), () =>
      sleep(1500),
    );
    expect(rig.tapRecords().filter((r) => r.outcome === 'granted')).toHaveLength(grantsBefore);
    const next = await rig.tap({ name: 'mifare-classic-1k', uid: 'CAFEBABE' });
    expect(next).toMatchObject({ outcome: 'granted' });
  });

  it('pulses the relay once per grant, and the audit chain holds', async () => {
    const grants = () => rig.tapRecords().filter((r) => r.outcome === 'granted').length;
    const pulses = () => rig.door.relayChanges.filter((c) => c.on).length;
    // An earlier case's grant may still be on its way to the board: start from a quiet door.
    await waitFor('a pulse for every earlier grant', () => pulses() === grants() || undefined);
    const [grantsBefore, pulsesBefore] = [grants(), pulses()];
    await rig.tap({ name: 'mifare-classic-1k', uid: 'CAFEBABE' });
    await rig.tap({ name: 'ntag216', uid: '04A224E2C35E80' }); // unknown: no pulse
    await rig.tap({ name: 'purse-card', pan: '4111111111111111' });
    await waitFor('two pulses', () => pulses() - pulsesBefore >= 2 || undefined);
    await sleep(500); // a second pulse for one grant would come within this
    expect([grants() - grantsBefore, pulses() - pulsesBefore]).toEqual([2, 2]);
    expect(JSON.parse(await rig.cliAsync(['audit', 'verify', '--json']))).toMatchObject({
      break: null,
    });
  });
});
