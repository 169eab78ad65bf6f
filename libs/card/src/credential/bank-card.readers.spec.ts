import { readTrace as trace } from '../../test-data/test-data';
import { hexBytes } from '../codec/hex';
import { CardSession, type CardSessionOptions } from '../session/card.session';
import { ScriptedCardTransport } from '../transport/scripted.transport';
import type { CredentialReadOutcome } from './credential';
import { EmvPanReader, type EmvOptions } from './emv-pan.reader';
import { PurseFileReader } from './purse-file.reader';

const READER = 'Test Reader 00 00';
const TERMINAL = { now: () => new Date(2025, 0, 2, 12, 0, 0), random: () => hexBytes('01020304') };

async function sessionOn(name: string, options?: CardSessionOptions) {
  const transport = ScriptedCardTransport.fromTrace(trace(name));
  await transport.start(() => undefined);
  transport.attachReader(READER);
  transport.insertCard(READER, hexBytes('3B 80 80 01 01'));
  return { transport, session: new CardSession(await transport.connect(READER), options) };
}

const emv = (o: EmvOptions = {}) => new EmvPanReader({ terminal: TERMINAL, ...o });

/** The PAN the outcome holds, checked without ever printing it. */
function expectPan(outcome: CredentialReadOutcome, method: string, digits: string): void {
  expect(outcome).toMatchObject({ ok: true, method, credential: { kind: 'pan' } });
  if (!outcome.ok || outcome.credential.kind !== 'pan') return;
  expect(outcome.credential.pan.matches(digits)).toBe(true);
  expect(outcome.credential.pan.last4).toBe(digits.slice(-4));
}

describe('EmvPanReader', () => {
  it('contactless PPSE, PDOL filled from terminal data, GPO format 2, PAN only in 57', async () => {
    const { transport, session } = await sessionOn('emv-mastercard-ppse.apdu');
    expectPan(await emv().read(session, { contactless: true }), 'emv', '5413330089600010');
    transport.assertDone();
  });

  it('chooses the application by priority indicator, and takes 57 from the GPO answer', async () => {
    const { transport, session } = await sessionOn('emv-visa-ppse.apdu');
    expectPan(await emv().read(session, { contactless: true }), 'emv', '4111111111111111');
    transport.assertDone();
  });

  it('contact PSE: 61xx, directory records until 6A83, GPO format 1, AFL, PAN in 5A', async () => {
    const { transport, session } = await sessionOn('emv-contact-pse.apdu');
    expectPan(await emv().read(session, { contactless: false }), 'emv', '4761739001010010');
    transport.assertDone();
  });

  it('no directory: the fallback AIDs; a PAN failing Luhn is no credential', async () => {
    const { transport, session } = await sessionOn('emv-luhn-mismatch.apdu');
    const outcome = await emv({ fallbackAids: ['A0000000031010'] }).read(session, {
      contactless: false,
    });
    expect(outcome).toEqual({
      ok: false,
      reason: 'no-credential',
      detail: 'A0000000031010: PAN from tag-5a: luhn-mismatch',
      diagnosis: {
        aidsOffered: ['A0000000031010'],
        steps: [
          'SELECT 1PAY.SYS.DDF01: 6A82',
          'SELECT A0000000031010: 9000',
          'GET PROCESSING OPTIONS: 9000',
          'READ RECORD 1 of SFI 2: 9000',
        ],
      },
    });
    expect(JSON.stringify(outcome)).not.toMatch(/4761739001010011|47 ?61 ?73/);
    transport.assertDone();
  });

  it('a card pulled mid-read is card-removed', async () => {
    const { transport, session } = await sessionOn('emv-card-pulled-mid-read.apdu');
    const outcome = await emv().read(session, { contactless: true });
    expect(outcome).toMatchObject({ ok: false, reason: 'card-removed' });
    transport.assertDone();
  });

  it('endless 61xx is bounded: unreadable-card, not a hang', async () => {
    const { transport, session } = await sessionOn('endless-61xx.apdu', { maxGetResponse: 3 });
    const outcome = await emv().read(session, { contactless: false });
    expect(outcome).toMatchObject({ ok: false, reason: 'unreadable-card' });
    expect(outcome.ok || outcome.detail).toContain('still 61xx after 3 GET RESPONSE');
    transport.assertDone();
  });
});

describe('PurseFileReader (the seeds purse-file method)', () => {
  it('SELECT 3F00 and 2901 through 61xx in class BC, READ BINARY with 6Cxx, BCD at bytes 105-112', async () => {
    const { transport, session } = await sessionOn('purse-file-t0-61xx.apdu');
    expectPan(await new PurseFileReader().read(session), 'purse-file', '4111111111111111');
    transport.assertDone();
  });

  it('class not supported is no credential, with the status word in words', async () => {
    const { transport, session } = await sessionOn('purse-file-class-not-supported.apdu');
    expect(await new PurseFileReader().read(session)).toEqual({
      ok: false,
      reason: 'no-credential',
      detail: 'SELECT 3F00: 6E00 class not supported',
    });
    transport.assertDone();
  });

  it('takes class, file ids, offset and length from configuration', async () => {
    const file = new Uint8Array(20);
    file.set(hexBytes('5413330089600010'), 4);
    const transport = new ScriptedCardTransport([
      { command: hexBytes('00 A4 00 00 02 3F 00'), response: hexBytes('90 00') },
      { command: hexBytes('00 A4 00 00 02 00 07'), response: hexBytes('90 00') },
      { command: hexBytes('00 B0 00 00 14'), response: Uint8Array.of(...file, 0x90, 0x00) },
    ]);
    await transport.start(() => undefined);
    transport.attachReader(READER);
    transport.insertCard(READER, hexBytes('3B 02 14 50'));
    const session = new CardSession(await transport.connect(READER));
    const reader = new PurseFileReader({
      cla: 0,
      purseFile: '0007',
      offset: 4,
      length: 8,
      readLength: 20,
    });
    expectPan(await reader.read(session), 'purse-file', '5413330089600010');
    transport.assertDone();
  });

  it('a file too short for the number is no credential', async () => {
    const transport = new ScriptedCardTransport([
      { command: hexBytes('BC A4 00 00 02 3F 00'), response: hexBytes('90 00') },
      { command: hexBytes('BC A4 00 00 02 29 01'), response: hexBytes('90 00') },
      { command: hexBytes('BC B0 00 00 FF'), response: hexBytes('01 02 03 62 82') },
    ]);
    await transport.start(() => undefined);
    transport.attachReader(READER);
    transport.insertCard(READER, hexBytes('3B 02 14 50'));
    const session = new CardSession(await transport.connect(READER));
    expect(await new PurseFileReader().read(session)).toMatchObject({
      ok: false,
      reason: 'no-credential',
      detail: 'purse file: 3 byte(s) read, the number needs 112',
    });
  });
});
