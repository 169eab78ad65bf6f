import { readTrace as trace } from '../../test-data/test-data';
import { hexBytes } from '../codec/hex';
import { CardSession } from '../session/card.session';
import { CardFault, type CardFaultCode } from '../transport/card-transport';
import { ScriptedCardTransport } from '../transport/scripted.transport';
import { refusalForFault, UidReader } from './uid.reader';

const READER = 'Test Reader 00 00';

async function readWith(transport: ScriptedCardTransport): Promise<unknown> {
  await transport.start(() => undefined);
  transport.attachReader(READER);
  transport.insertCard(READER, hexBytes('3B8F8001804F0CA0000003060300030000000068'));
  const outcome = await new UidReader().read(new CardSession(await transport.connect(READER)));
  transport.assertDone();
  return outcome;
}

const replying = (response: string): ScriptedCardTransport =>
  new ScriptedCardTransport([{ command: hexBytes('FFCA000000'), response: hexBytes(response) }]);

describe('UidReader (PC/SC Part 3 GET DATA)', () => {
  it.each([
    [
      'uid-ntag216.apdu',
      { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    ],
    [
      'uid-t0-61xx.apdu',
      { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    ],
    ['uid-t0-6cxx.apdu', { ok: true, method: 'uid', credential: { kind: 'uid', uid: 'DEADBEEF' } }],
    ['uid-random.apdu', { ok: false, reason: 'random-uid' }],
    ['card-pulled-mid-read.apdu', { ok: false, reason: 'card-removed' }],
    ['contact-card-no-uid.apdu', { ok: false, reason: 'no-credential' }],
  ])('%s', async (file, want) => {
    expect(await readWith(ScriptedCardTransport.fromTrace(trace(file)))).toMatchObject(want);
  });

  it.each([
    ['6A 81', 'no-credential'],
    ['6D 00', 'no-credential'],
    ['6F 00', 'unreadable-card'],
    ['64 00', 'unreadable-card'],
    ['04 A2 90 00', 'unreadable-card'],
    ['90', 'unreadable-card'],
  ])('answer %s → %s', async (response, reason) => {
    expect(await readWith(replying(response))).toMatchObject({
      ok: false,
      reason,
      detail: expect.any(String) as unknown,
    });
  });

  it.each<[CardFaultCode, string]>([
    ['card-removed', 'card-removed'],
    ['reader-removed', 'card-removed'],
    ['card-reset', 'unreadable-card'],
    ['card-unresponsive', 'unreadable-card'],
    ['reader-busy', 'unreadable-card'],
    ['middleware-unavailable', 'unreadable-card'],
    ['protocol-error', 'unreadable-card'],
    ['transport-stopped', 'unreadable-card'],
    ['unknown', 'unreadable-card'],
  ])('fault %s → refusal %s', (code, reason) => {
    expect(refusalForFault(new CardFault(code, 'x'))).toMatchObject({ ok: false, reason });
  });
});
