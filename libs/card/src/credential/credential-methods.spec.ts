import { hexBytes } from '../codec/hex';
import { CardSession } from '../session/card.session';
import { ScriptedCardTransport } from '../transport/scripted.transport';
import { CredentialMethods, planMethods } from './credential-methods';

const READER = 'ACS ACR122U PICC Interface 00';
const PSE = '00 A4 04 00 0E 31 50 41 59 2E 53 59 53 2E 44 44 46 30 31 00';
const PPSE = '00 A4 04 00 0E 32 50 41 59 2E 53 59 53 2E 44 44 46 30 31 00';
const step = (command: string, response: string) => ({
  command: hexBytes(command),
  response: hexBytes(response),
});
const AID_STEPS = ['A0000000031010', 'A0000000032010'].map((aid) =>
  step(`00 A4 04 00 07 ${aid} 00`, '6A 82'),
);
const PURSE_REFUSED = step('BC A4 00 00 02 3F 00', '6E 00');

async function session(transport: ScriptedCardTransport): Promise<CardSession> {
  await transport.start(() => undefined);
  transport.attachReader(READER);
  transport.insertCard(READER, hexBytes('3B 80 80 01 01'));
  return new CardSession(await transport.connect(READER));
}

describe('planMethods: without configuration the card decides', () => {
  it.each([
    ['contactless-storage', false, ['uid']],
    ['contactless-processor', false, ['emv', 'purse-file']],
    ['contactless-processor', true, ['emv', 'purse-file', 'uid']],
    ['contact', true, ['emv', 'purse-file']],
    ['unknown', false, ['emv', 'purse-file']],
  ] as const)('%s (UID fallback %s) → %j', (kind, fallback, order) => {
    expect(planMethods(kind, fallback)).toEqual(order);
  });
});

describe('CredentialMethods', () => {
  const fallbackAids = ['A0000000031010', 'A0000000032010'];

  it('a phone (contactless processor, no application) is refused as random-uid', async () => {
    const transport = new ScriptedCardTransport([
      step(PPSE, '6A 82'),
      ...AID_STEPS,
      PURSE_REFUSED,
      step('FF CA 00 00 00', '08 12 34 56 90 00'),
    ]);
    const methods = new CredentialMethods({ emv: { fallbackAids } });
    const result = await methods.read(await session(transport), 'contactless-processor');
    expect(result.outcome).toMatchObject({ ok: false, reason: 'random-uid' });
    expect(result.tried).toEqual(['emv', 'purse-file']);
    transport.assertDone();
  });

  it('a contactless processor card with a fixed UID: no-credential, unless the UID fallback is on', async () => {
    const steps = () => [
      step(PPSE, '6A 82'),
      ...AID_STEPS,
      PURSE_REFUSED,
      step('FF CA 00 00 00', '04 11 22 33 44 55 66 90 00'),
    ];
    const off = new ScriptedCardTransport(steps());
    const refused = await new CredentialMethods({ emv: { fallbackAids } }).read(
      await session(off),
      'contactless-processor',
    );
    expect(refused.outcome).toMatchObject({ ok: false, reason: 'no-credential' });
    expect(refused.outcome.ok || refused.outcome.detail).toContain(
      'purse-file: no-credential (SELECT 3F00: 6E00 class not supported)',
    );
    const on = new ScriptedCardTransport(steps());
    const methods = new CredentialMethods({
      emv: { fallbackAids },
      uidFallbackForProcessorCards: true,
    });
    const read = await methods.read(await session(on), 'contactless-processor');
    expect(read.outcome).toEqual({
      ok: true,
      method: 'uid',
      credential: { kind: 'uid', uid: '04112233445566' },
    });
    expect(read.tried).toEqual(['emv', 'purse-file', 'uid']);
  });

  it('the configured order of a reader wins over the card kind; the first matching rule applies', async () => {
    const transport = new ScriptedCardTransport([PURSE_REFUSED, step(PSE, '6A 82'), ...AID_STEPS]);
    const methods = new CredentialMethods({
      emv: { fallbackAids },
      methods: [
        { readerPattern: '/ACR122U/', order: ['purse-file', 'emv'] },
        { readerPattern: 'ACR', order: ['uid'] },
      ],
    });
    expect(methods.order(READER, 'contactless-storage')).toEqual(['purse-file', 'emv']);
    expect(methods.order('Virtual PCD 00 00', 'contactless-storage')).toEqual(['uid']);
    const result = await methods.read(await session(transport), 'contact');
    expect(result.tried).toEqual(['purse-file', 'emv']);
    expect(result.outcome).toMatchObject({ ok: false, reason: 'no-credential' });
    transport.assertDone();
  });

  it('a GeldKarte is no-pan-card though the purse-file method then finds the card unreadable', async () => {
    const geldKarte = 'D27600002545500100';
    const transport = new ScriptedCardTransport([
      step(PSE, '6A 82'),
      step(`00 A4 04 00 09 ${geldKarte} 00`, `6F 0B 84 09 ${geldKarte} 90 00`),
      step('80 A8 00 00 02 83 00 00', '6D 00'),
      step('BC A4 00 00 02 3F 00', '01'), // one byte: no status word
    ]);
    const methods = new CredentialMethods({ emv: { fallbackAids: [geldKarte] } });
    const result = await methods.read(await session(transport), 'contact');
    expect(result.outcome).toMatchObject({
      ok: false,
      reason: 'no-pan-card',
      diagnosis: { aidsOffered: [geldKarte] },
    });
    expect(result.outcome.ok || result.outcome.detail).toContain('purse-file: unreadable-card');
    transport.assertDone();
  });

  it('stops at once when the card leaves', async () => {
    const transport = new ScriptedCardTransport([
      { command: hexBytes(PSE), fault: 'card-removed' },
    ]);
    const result = await new CredentialMethods().read(await session(transport), 'contact');
    expect(result).toMatchObject({
      outcome: { ok: false, reason: 'card-removed' },
      tried: ['emv'],
    });
  });

  it('refuses a bad reader pattern at construction', () => {
    expect(
      () => new CredentialMethods({ methods: [{ readerPattern: '/(/', order: ['uid'] }] }),
    ).toThrow(/readerPattern/);
  });
});
